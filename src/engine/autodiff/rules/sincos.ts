import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** d sin = g·cos(X); d cos = −g·sin(X). */
export const sin: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [c.e.mul(gradOf(c), c.e.op('Cos', [c.inputs[0]!]))];
  },
};
export const cos: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [c.e.neg(c.e.mul(gradOf(c), c.e.op('Sin', [c.inputs[0]!])))];
  },
};
