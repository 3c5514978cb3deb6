import { attrFloat, attrInt } from '../../onnx/builder';
import { badInput } from '../../util/errors';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { asChannel, axesButChannel } from '../channels';

/** BatchNormalization in inference mode: Y = (X − mean)/√(var + eps)·scale + B, all per channel. */
export const batchNorm: GradRule = {
  differentiable: only(0, 1, 2, 3, 4),
  backward(c) {
    if (attrInt(c.node, 'training_mode', 0)) {
      throw badInput(`BatchNormalization '${c.node.name}' is in training mode; only inference-mode graphs are differentiated.`, {
        node: c.node.name,
        hint: 'Export the model in eval mode (model.eval()).',
      });
    }
    const [x, scale, , mean, v] = c.inputs as [string, string, string, string, string];
    const e = c.e;
    const g = gradOf(c);
    const rank = c.rankOf(x);
    const invStd = e.op('Reciprocal', [e.op('Sqrt', [e.add(v, e.scalarLike(attrFloat(c.node, 'epsilon', 1e-5), v))])]);
    const k = e.mul(scale, invStd);
    const dx = c.needs[0] ? e.mul(g, asChannel(e, k, x, rank)) : undefined;
    const needSum = c.needs[2] || c.needs[3];
    const axes = c.needs[1] || c.needs[4] || needSum ? axesButChannel(e, x, rank) : '';
    const sumG = needSum ? e.op('ReduceSum', [g, axes], { keepdims: 0 }) : '';
    let dScale: string | undefined;
    let dVar: string | undefined;
    if (c.needs[1] || c.needs[4]) {
      const centered = e.sub(x, asChannel(e, mean, x, rank));
      const sumGX = e.op('ReduceSum', [e.mul(g, centered), axes], { keepdims: 0 });
      if (c.needs[1]) dScale = e.mul(sumGX, invStd);
      if (c.needs[4]) dVar = e.mul(e.mul(sumGX, scale), e.mul(e.scalarLike(-0.5, v), e.mul(invStd, e.mul(invStd, invStd))));
    }
    return [dx, dScale, c.needs[2] ? sumG : undefined, c.needs[3] ? e.neg(e.mul(sumG, k)) : undefined, dVar];
  },
};
