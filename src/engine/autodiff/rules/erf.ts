import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g·2/√π·exp(−X²). */
export const erf: GradRule = {
  differentiable: only(0),
  backward(c) {
    const x = c.inputs[0]!;
    const e = c.e;
    const ex = e.op('Exp', [e.neg(e.mul(x, x))]);
    return [e.mul(gradOf(c), e.mul(ex, e.scalarLike(2 / Math.sqrt(Math.PI), x)))];
  },
};
