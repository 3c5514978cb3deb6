import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g·sign(X) (0 at 0, as in PyTorch). */
export const abs: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [c.e.mul(gradOf(c), c.e.op('Sign', [c.inputs[0]!]))];
  },
};
