import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/** dA = g / B, dB = −g·Y / B. */
export const div: GradRule = {
  differentiable: only(0, 1),
  backward(c) {
    const g = gradOf(c);
    const [a, b] = c.inputs as [string, string];
    const e = c.e;
    const gb = e.div(g, b);
    return [
      c.needs[0] ? reduceToShape(e, gb, a, c.sameShape(c.outputs[0]!, a)) : undefined,
      c.needs[1] ? reduceToShape(e, e.neg(e.mul(gb, c.outputs[0]!)), b, c.sameShape(c.outputs[0]!, b)) : undefined,
    ];
  },
};
