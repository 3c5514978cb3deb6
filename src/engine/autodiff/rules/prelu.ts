import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/** Y = X where X > 0 else slope·X (slope broadcasts). */
export const prelu: GradRule = {
  differentiable: only(0, 1),
  backward(c) {
    const [x, slope] = c.inputs as [string, string];
    const g = gradOf(c);
    const pos = c.e.op('Greater', [x, c.e.scalarLike(0, x)]);
    const zero = c.e.scalarLike(0, x);
    const dx = c.needs[0] ? reduceToShape(c.e, c.e.op('Where', [pos, g, c.e.mul(g, slope)]), x, c.sameShape(c.outputs[0]!, x)) : undefined;
    const ds = c.needs[1] ? reduceToShape(c.e, c.e.op('Where', [pos, zero, c.e.mul(g, x)]), slope, c.sameShape(c.outputs[0]!, slope)) : undefined;
    return [dx, ds];
  },
};
