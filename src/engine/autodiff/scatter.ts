/**
 * Gradients of "selection" ops (Gather, GatherElements, Slice, reflect/edge Pad, …): apply the same op to a tensor
 * holding each element's flat index, then scatter-add the gradient into zeros at those indices. Exact for any
 * rank, negative indices and repeated indices.
 */
import type { Emitter } from './emitter';

/** Flat element indices of x, shaped like x (int64). */
export function flatIndexLike(e: Emitter, x: string): string {
  const n = e.op('Size', [x]);
  const iota = e.op('Range', [e.int64([0], true), n, e.int64([1], true)]);
  return e.op('Reshape', [iota, e.shape(x)]);
}

/** Adds g[k] into a zero tensor shaped like x at flat positions idx[k]. */
export function scatterAddLike(e: Emitter, x: string, idx: string, g: string): string {
  const flat = e.int64([-1]);
  const zeros = e.op('Reshape', [e.zerosLike(x), flat]);
  const summed = e.op('ScatterElements', [zeros, e.op('Reshape', [idx, flat]), e.op('Reshape', [g, flat])], {
    axis: 0,
    reduction: 'add',
  });
  return e.op('Reshape', [summed, e.shape(x)]);
}
