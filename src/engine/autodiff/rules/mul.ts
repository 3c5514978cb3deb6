import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/** dA = g·B, dB = g·A, each summed back over its broadcast axes. */
export const mul: GradRule = {
  differentiable: only(0, 1),
  backward(c) {
    const g = gradOf(c);
    const [a, b] = c.inputs as [string, string];
    return [
      c.needs[0] ? reduceToShape(c.e, c.e.mul(g, b), a, c.sameShape(c.outputs[0]!, a)) : undefined,
      c.needs[1] ? reduceToShape(c.e, c.e.mul(g, a), b, c.sameShape(c.outputs[0]!, b)) : undefined,
    ];
  },
};
