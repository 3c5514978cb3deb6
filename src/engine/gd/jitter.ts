/**
 * One-pixel jitter as a linear map that the graph receives as inputs each step, so the graph never changes:
 * pad 2 px with `padValue`, crop an (H+2)×(W+2) window shifted by (dy, dx) ∈ {−1, 0, 1}² from the centre, and
 * resize it back to H×W bilinearly (half-pixel centres, no antialias, as torch's align_corners=False).
 *
 * With E the embedding into the padded frame and R the crop-and-resize rows, out = Ay·x·Axᵀ + C where
 * Ay = Ry·E (H×H), Ax = Rx·E (W×W) and C = padValue·(1 − ay·axᵀ) (a = row sums of A; rows of R sum to 1).
 */
import type { HostTensor } from '../onnx/tensor';

export const JITTER_PAD = 2;

/** [out, padded] rows of crop-at-`start`-then-resize, for an axis of size n padded to n + 2·JITTER_PAD. */
function cropResizeRows(n: number, start: number): Float64Array {
  const padded = n + 2 * JITTER_PAD;
  const window = n + 2;
  const rows = new Float64Array(n * padded);
  const scale = window / n;
  for (let i = 0; i < n; i++) {
    const src = Math.max(0, (i + 0.5) * scale - 0.5);
    const i0 = Math.min(Math.floor(src), window - 1);
    const i1 = Math.min(i0 + 1, window - 1);
    const l = src - i0;
    rows[i * padded + start + i0]! += 1 - l;
    rows[i * padded + start + i1]! += l;
  }
  return rows;
}

export interface JitterAxis {
  /** n×n map of the image's rows (or columns) into the jittered frame. */
  matrix: Float32Array;
  /** Row sums of `matrix`: how much of each output row comes from the image rather than the padding. */
  coverage: Float64Array;
}

function jitterAxis(n: number, shift: number): JitterAxis {
  const padded = n + 2 * JITTER_PAD;
  const rows = cropResizeRows(n, 1 + shift);
  const matrix = new Float32Array(n * n);
  const coverage = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = rows[i * padded + JITTER_PAD + j]!;
      matrix[i * n + j] = v;
      coverage[i]! += v;
    }
  }
  return { matrix, coverage };
}

export interface JitterFeeds {
  rows: HostTensor;
  /** Transposed column map (W×W), ready for x·Axᵀ. */
  colsT: HostTensor;
  offset: HostTensor;
}

/** The three jitter inputs for one step. */
export function jitterFeeds(h: number, w: number, dy: number, dx: number, padValue: number): JitterFeeds {
  const ry = jitterAxis(h, dy);
  const rx = jitterAxis(w, dx);
  const colsT = new Float32Array(w * w);
  for (let i = 0; i < w; i++) for (let j = 0; j < w; j++) colsT[j * w + i] = rx.matrix[i * w + j]!;
  const offset = new Float32Array(h * w);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) offset[i * w + j] = padValue * (1 - ry.coverage[i]! * rx.coverage[j]!);
  return {
    rows: { dtype: 'float32', dims: [h, h], data: ry.matrix },
    colsT: { dtype: 'float32', dims: [w, w], data: colsT },
    offset: { dtype: 'float32', dims: [h, w], data: offset },
  };
}
