/**
 * The analysis's own dimension vocabulary: the batch is `N` (whatever the exporter called it), a dim that grows with
 * the batch is `N*k` (StyleGAN2's grouped convolutions run on [1, N*C, H, W]), everything else is a number. An
 * exporter's other symbolic names (`Addimage_dim_2`) are never shown: they become `?` when nothing could size them.
 */
import type { Dim, Shape } from './shapes/index';

export const BATCH = 'N';
const UNKNOWN_DIM = '?';

const BATCH_DIM = /^N(\*\d+)?$/;

function isBatchDim(d: Dim): boolean {
  return typeof d === 'string' && BATCH_DIM.test(d);
}

/** Every dim known: a number or a multiple of the batch. */
export function isResolved(shape: Shape | null | undefined): shape is Shape {
  return !!shape && shape.every((d) => typeof d === 'number' || isBatchDim(d));
}

/** k copies per batch element: `N` or `N*k`. */
function batchMultiple(k: number): Dim {
  return k === 1 ? BATCH : `${BATCH}*${k}`;
}

/**
 * A shape from two probing runs, at batch 1 and batch 2: dims that doubled scale with the batch. Without the second
 * run (a model whose batch is fixed) the first run's numbers stand.
 */
export function shapeFromProbes(atOne: readonly number[], atTwo: readonly number[] | undefined): Shape {
  if (!atTwo || atTwo.length !== atOne.length) return [...atOne];
  return atOne.map((d, i) => (atTwo[i] === 2 * d && d > 0 ? batchMultiple(d) : d));
}

/** Replaces symbolic names other than the batch by `?`. */
export function hideSymbols(shape: Shape): Shape {
  return shape.map((d) => (typeof d === 'number' || isBatchDim(d) ? d : UNKNOWN_DIM));
}
