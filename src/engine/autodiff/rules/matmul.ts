import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/**
 * Batched, broadcasting MatMul: dA = g·Bᵀ, dB = Aᵀ·g, summed back over broadcast batch axes. Transposes of the
 * last two axes use Einsum with an ellipsis so no rank needs to be known; 1-D operands are lifted to 2-D.
 */
export const matmul: GradRule = {
  differentiable: only(0, 1),
  backward(c) {
    const e = c.e;
    let [a, b] = c.inputs as [string, string];
    let g = gradOf(c);
    const ra = c.rankOf(a);
    const rb = c.rankOf(b);
    if (ra === 1) {
      a = e.op('Unsqueeze', [a, e.int64([0])]);
      g = e.op('Unsqueeze', [g, e.int64([-2])]);
    }
    if (rb === 1) {
      b = e.op('Unsqueeze', [b, e.int64([1])]);
      g = e.op('Unsqueeze', [g, e.int64([-1])]);
    }
    const [a0, b0] = c.inputs as [string, string];
    let da: string | undefined;
    if (c.needs[0]) {
      const full = rb === 2 && ra !== 1 ? e.op('MatMul', [g, e.op('Transpose', [b], { perm: [1, 0] })]) : e.op('Einsum', [g, b], { equation: '...mn,...kn->...mk' });
      da = ra === 1 ? e.op('Reshape', [full, e.shape(a0)]) : reduceToShape(e, full, a0, ra !== undefined && rb === 2);
    }
    let db: string | undefined;
    if (c.needs[1]) {
      const full = e.op('Einsum', [a, g], { equation: '...mk,...mn->...kn' });
      db = rb === 1 ? e.op('Reshape', [reduceSumLeading(c, full, b), e.shape(b0)]) : reduceToShape(e, full, b0);
    }
    return [da, db];
  },
};

function reduceSumLeading(c: Parameters<GradRule['backward']>[0], full: string, b: string): string {
  return reduceToShape(c.e, full, b);
}
