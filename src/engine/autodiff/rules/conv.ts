import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { convGeometry, convInputGrad, convWeightGrad, sumButChannel } from '../convgeom';

/** Conv (any groups, strides, dilations, pads): dX by ConvTranspose, dW by a role-swapped Conv, dB by a sum. */
export const conv: GradRule = {
  differentiable: only(0, 1, 2),
  backward(c) {
    const [x, w, b] = c.inputs as [string, string, string | undefined];
    const g = gradOf(c);
    const geo = convGeometry(c.node, c.rankOf(w));
    return [
      c.needs[0] ? convInputGrad(c.e, g, w, x, geo) : undefined,
      c.needs[1] ? convWeightGrad(c.e, x, g, geo, w) : undefined,
      b && c.needs[2] ? sumButChannel(c.e, g, geo.n) : undefined,
    ];
  },
};
