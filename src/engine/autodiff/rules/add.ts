import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/** Add and Sub with broadcasting: the gradient is summed back over broadcast axes. */
export const add: GradRule = {
  differentiable: only(0, 1),
  backward(c) {
    const g = gradOf(c);
    return c.inputs.map((x, i) => (c.needs[i] ? reduceToShape(c.e, g, x, c.sameShape(c.outputs[0]!, x)) : undefined));
  },
};

export const sub: GradRule = {
  differentiable: only(0, 1),
  backward(c) {
    const g = gradOf(c);
    const [a, b] = c.inputs as [string, string];
    return [c.needs[0] ? reduceToShape(c.e, g, a, c.sameShape(c.outputs[0]!, a)) : undefined, c.needs[1] ? reduceToShape(c.e, c.e.neg(g), b, c.sameShape(c.outputs[0]!, b)) : undefined];
  },
};

/** Variadic Sum. */
export const sum: GradRule = {
  differentiable: (n) => n.input.map((_, i) => i),
  backward: add.backward,
};
