import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';
import type { Emitter } from '../emitter';

/** Swaps the last two axes (Transpose when the rank is known, else an ellipsis Einsum). */
function swapLast(e: Emitter, t: string, rank: number | undefined): string {
  if (rank === undefined) return e.op('Einsum', [t], { equation: '...ij->...ji' });
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return e.op('Transpose', [t], { perm });
}

/**
 * Batched, broadcasting MatMul: dA = g·Bᵀ, dB = Aᵀ·g, each summed back over broadcast batch axes.
 * 1-D operands are lifted to 2-D as ONNX defines. A 2-D right operand (a Linear layer's weight) folds all batch
 * axes into one GEMM for dB.
 */
export const matmul: GradRule = {
  differentiable: only(0, 1),
  backward(c) {
    const e = c.e;
    const [a0, b0] = c.inputs as [string, string];
    let a = a0;
    let b = b0;
    let g = gradOf(c);
    let ra = c.rankOf(a0);
    let rb = c.rankOf(b0);
    if (ra === 1) {
      a = e.op('Unsqueeze', [a, e.int64([0])]);
      g = e.op('Unsqueeze', [g, e.int64([-2])]);
      ra = 2;
    }
    if (rb === 1) {
      b = e.op('Unsqueeze', [b, e.int64([1])]);
      g = e.op('Unsqueeze', [g, e.int64([-1])]);
      rb = 2;
    }
    let da: string | undefined;
    if (c.needs[0]) {
      const full = e.op('MatMul', [g, swapLast(e, b, rb)]);
      da = reduceToShape(e, full, a0, rb === 2 && c.rankOf(a0) !== 1);
      if (c.rankOf(a0) === 1) da = e.op('Reshape', [reduceToShape(e, full, a), e.shape(a0)]);
    }
    let db: string | undefined;
    if (c.needs[1]) {
      if (rb === 2 && ra !== undefined && ra > 2) {
        const a2 = e.op('Flatten', [a], { axis: ra - 1 });
        const g2 = e.op('Flatten', [g], { axis: ra - 1 });
        db = e.op('Gemm', [a2, g2], { transA: 1 });
      } else db = reduceToShape(e, e.op('MatMul', [swapLast(e, a, ra), g]), b);
      if (c.rankOf(b0) === 1) db = e.op('Reshape', [db, e.shape(b0)]);
    }
    return [da, db];
  },
};
