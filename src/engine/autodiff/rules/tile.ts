import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { flatIndexLike, scatterAddLike } from '../scatter';

/** Tile: every copy's gradient is added back to the element it copied. */
export const tile: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const [x, repeats] = c.inputs as [string, string];
    return [scatterAddLike(e, x, e.op('Tile', [flatIndexLike(e, x), repeats]), gradOf(c))];
  },
};
