import { attrInts } from '../../onnx/builder';
import { badInput } from '../../util/errors';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { convGeometry, convWeightGrad, sumButChannel } from '../convgeom';

/**
 * ConvTranspose is the adjoint of Conv with the same attributes: dX = Conv(g, W); dW is the Conv weight
 * gradient with g as the input and X as the output gradient.
 */
export const convTranspose: GradRule = {
  differentiable: only(0, 1, 2),
  backward(c) {
    const [x, w, b] = c.inputs as [string, string, string | undefined];
    const g = gradOf(c);
    if (attrInts(c.node, 'output_shape')) {
      throw badInput(`Node '${c.node.name}' (ConvTranspose) sets output_shape; its gradient needs explicit pads.`, {
        node: c.node.name,
        hint: 'Export with explicit padding and output_padding (torch.onnx.export does this).',
      });
    }
    const geo = convGeometry(c.node, c.rankOf(w));
    const attrs = { strides: geo.strides, dilations: geo.dilations, pads: geo.pads, group: geo.group, kernel_shape: geo.kernel };
    return [
      c.needs[0] ? c.e.op('Conv', [g, w], attrs) : undefined,
      c.needs[1] ? convWeightGrad(c.e, g, x, geo, w) : undefined,
      b && c.needs[2] ? sumButChannel(c.e, g, geo.n) : undefined,
    ];
  },
};
