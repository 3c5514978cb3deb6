import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g·Y. */
export const exp: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [c.e.mul(gradOf(c), c.outputs[0]!)];
  },
};
