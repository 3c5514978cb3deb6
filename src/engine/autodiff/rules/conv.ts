import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { convGeometry, convInputGrad, convWeightGrad, sumButChannel } from '../convgeom';
import { convInputGradFast, convWeightGradFast } from '../convfast';

/**
 * Conv (any groups, strides, dilations, pads; SAME auto_pad where the input size is static). dX: a Conv with the flipped kernel where the geometry allows,
 * else ConvTranspose. dW: per-tap batched MatMuls (groups = 1, 2-D), else a role-swapped Conv. dB: a sum.
 */
export const conv: GradRule = {
  differentiable: only(0, 1, 2),
  backward(c) {
    const [x, w, b] = c.inputs as [string, string, string | undefined];
    const g = gradOf(c);
    const geo = convGeometry(c.node, c.rankOf(w), { x: c.shapeOf(x), w: c.shapeOf(w) });
    const e = c.e;
    const fast = c.convGradient === 'fast';
    return [
      c.needs[0] ? ((fast ? convInputGradFast(e, g, w, x, geo, c.shapeOf(w)) : undefined) ?? convInputGrad(e, g, w, x, geo)) : undefined,
      c.needs[1] ? ((fast ? convWeightGradFast(e, x, g, geo) : undefined) ?? convWeightGrad(e, x, g, geo, w)) : undefined,
      b && c.needs[2] ? sumButChannel(e, g, geo.n) : undefined,
    ];
  },
};
