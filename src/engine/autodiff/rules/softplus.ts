import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g·sigmoid(X). */
export const softplus: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [c.e.mul(gradOf(c), c.e.op('Sigmoid', [c.inputs[0]!]))];
  },
};
