import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = −g·Y². */
export const reciprocal: GradRule = {
  differentiable: only(0),
  backward(c) {
    const y = c.outputs[0]!;
    return [c.e.neg(c.e.mul(gradOf(c), c.e.mul(y, y)))];
  },
};
