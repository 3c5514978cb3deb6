import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

export const neg: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [c.e.neg(gradOf(c))];
  },
};
