import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g·(1 − Y²). */
export const tanh: GradRule = {
  differentiable: only(0),
  backward(c) {
    const y = c.outputs[0]!;
    const e = c.e;
    return [e.mul(gradOf(c), e.sub(e.scalarLike(1, y), e.mul(y, y)))];
  },
};
