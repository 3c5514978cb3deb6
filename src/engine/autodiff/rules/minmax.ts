import type { GradRule } from '../rule';
import { gradOf } from '../rule';
import { reduceToShape } from '../broadcast';

/** Variadic Min/Max: the gradient goes to the inputs equal to the result, split evenly on ties (as PyTorch). */
export const minMax: GradRule = {
  differentiable: (n) => n.input.map((_, i) => i),
  backward(c) {
    const e = c.e;
    const g = gradOf(c);
    const y = c.outputs[0]!;
    if (c.inputs.length === 1) return [g];
    const masks = c.inputs.map((x) => e.op('CastLike', [e.op('Equal', [x, y]), y]));
    const count = e.op('Sum', masks);
    const share = e.div(g, count);
    return c.inputs.map((x, i) => (c.needs[i] ? reduceToShape(e, e.mul(share, masks[i]!), x, c.sameShape(c.outputs[0]!, x)) : undefined));
  },
};
