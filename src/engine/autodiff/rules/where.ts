import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/** Where(C, A, B): dA = g where C, dB = g where not C. */
export const where: GradRule = {
  differentiable: only(1, 2),
  backward(c) {
    const [cond, a, b] = c.inputs as [string, string, string];
    const e = c.e;
    const g = gradOf(c);
    const zero = e.scalarLike(0, c.outputs[0]!);
    return [
      undefined,
      c.needs[1] ? reduceToShape(e, e.op('Where', [cond, g, zero]), a, c.sameShape(c.outputs[0]!, a)) : undefined,
      c.needs[2] ? reduceToShape(e, e.op('Where', [cond, zero, g]), b, c.sameShape(c.outputs[0]!, b)) : undefined,
    ];
  },
};
