import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g / X. */
export const log: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [c.e.div(gradOf(c), c.inputs[0]!)];
  },
};
