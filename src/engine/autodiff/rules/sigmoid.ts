import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g·Y·(1 − Y). */
export const sigmoid: GradRule = {
  differentiable: only(0),
  backward(c) {
    const y = c.outputs[0]!;
    const e = c.e;
    return [e.mul(gradOf(c), e.mul(y, e.sub(e.scalarLike(1, y), y)))];
  },
};
