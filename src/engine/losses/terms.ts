/** Loss terms as graph fragments: each reads a tapped tensor T and a target and emits one scalar. */
import type { Emitter } from '../autodiff/emitter';

export type LossKind = 'l1' | 'mse' | 'sum' | 'cosine';

/** mean |T − target| (torch l1_loss, reduction 'mean'). */
export function l1(e: Emitter, t: string, target: string): string {
  return e.op('ReduceMean', [e.op('Abs', [e.sub(t, target)])], { keepdims: 0 });
}

/** mean (T − target)² (torch mse_loss). */
export function mse(e: Emitter, t: string, target: string): string {
  const d = e.sub(t, target);
  return e.op('ReduceMean', [e.mul(d, d)], { keepdims: 0 });
}

/** Σ T ⊙ target (a linear probe: its gradient with respect to T is the target). */
export function sum(e: Emitter, t: string, target: string): string {
  return e.op('ReduceSum', [e.mul(t, target)], { keepdims: 0 });
}

/**
 * 1 − mean over pixels of cos(T[n, :, i, j], target[n, :, i, j]) along channels (axis 1), with torch's
 * cosine_similarity guard: a·b / max(‖a‖·‖b‖, eps).
 */
export function cosine(e: Emitter, t: string, target: string, eps = 1e-8): string {
  const axis = e.int64([1]);
  const dot = e.op('ReduceSum', [e.mul(t, target), axis], { keepdims: 0 });
  const na = e.op('ReduceSum', [e.mul(t, t), axis], { keepdims: 0 });
  const nb = e.op('ReduceSum', [e.mul(target, target), axis], { keepdims: 0 });
  const denom = e.op('Max', [e.op('Sqrt', [e.mul(na, nb)]), e.scalarLike(eps, t)]);
  const cos = e.op('ReduceMean', [e.div(dot, denom)], { keepdims: 0 });
  return e.sub(e.scalarLike(1, t), cos);
}

export const LOSS_TERMS: Record<LossKind, (e: Emitter, t: string, target: string) => string> = { l1, mse, sum, cosine };
