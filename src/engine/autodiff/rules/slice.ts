import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { flatIndexLike, scatterAddLike } from '../scatter';

/** Slice (any starts/ends/axes/steps, negative or clamped): scatter g back to where the slice read from. */
export const slice: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    const idx = e.op('Slice', [flatIndexLike(e, x), ...c.inputs.slice(1)]);
    return [scatterAddLike(e, x, idx, gradOf(c))];
  },
};
