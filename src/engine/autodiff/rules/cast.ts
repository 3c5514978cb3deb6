import type { GradRule } from '../rule';
import { gradOf } from '../rule';

/** Casts the gradient back to X's type. A cast to an integer type is not differentiable (no gradient flows). */
const INT_TYPES = new Set([2, 3, 4, 5, 6, 7, 9, 12, 13]);
export const cast: GradRule = {
  differentiable: (n) => {
    const to = n.attribute.find((a) => a.name === 'to');
    return to && INT_TYPES.has(Number(to.i)) ? [] : [0];
  },
  backward(c) {
    return [c.e.op('CastLike', [gradOf(c), c.inputs[0]!])];
  },
};
