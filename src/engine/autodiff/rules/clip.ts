import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g where min ≤ X ≤ max (bounds inclusive, as PyTorch's clamp). Bounds get no gradient. */
export const clip: GradRule = {
  differentiable: only(0),
  backward(c) {
    const [x, lo, hi] = c.inputs as [string, string | undefined, string | undefined];
    const e = c.e;
    const g = gradOf(c);
    const conds: string[] = [];
    if (lo) conds.push(e.op('GreaterOrEqual', [x, lo]));
    if (hi) conds.push(e.op('LessOrEqual', [x, hi]));
    if (conds.length === 0) return [g];
    const cond = conds.length === 2 ? e.op('And', conds) : conds[0]!;
    return [e.maskKeep(cond, g)];
  },
};
