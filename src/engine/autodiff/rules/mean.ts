import type { GradRule } from '../rule';
import { gradOf } from '../rule';
import { reduceToShape } from '../broadcast';

/** Variadic Mean with broadcasting: each input gets g / n, summed over its broadcast axes. */
export const mean: GradRule = {
  differentiable: (n) => n.input.map((_, i) => i),
  backward(c) {
    const share = c.e.mul(gradOf(c), c.e.scalarLike(1 / c.inputs.length, c.outputs[0]!));
    return c.inputs.map((x, i) => (c.needs[i] ? reduceToShape(c.e, share, x, c.sameShape(c.outputs[0]!, x)) : undefined));
  },
};
