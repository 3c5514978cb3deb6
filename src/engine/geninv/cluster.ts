/**
 * Unsupervised segmentation from a self-attention map (Pividori et al. 2019, §5): the attention A (queries ×
 * keys, keys possibly pooled) is brought to queries × queries by nearest up-sampling of the key grid, then
 * D = (1 − (A + Aᵀ)/2) ⊙ (1 − I) is clustered with average-linkage agglomerative clustering (O(n²), ./linkage).
 */
import { badInput } from '../util/errors';
import { averageLinkage, cutTree, type LinkageTick } from './linkage';

export interface AttentionGrid {
  /** Query grid [H, W] (H·W = number of rows of A). */
  query: [number, number];
  /** Key grid [H, W] (H·W = number of columns of A). */
  key: [number, number];
}

/** The grids of an Nq × Nk attention map, assuming square grids (as SAGAN/BigGAN blocks on square maps have). */
export function squareGrids(nq: number, nk: number, tensor = 'attention'): AttentionGrid {
  const q = Math.round(Math.sqrt(nq));
  const k = Math.round(Math.sqrt(nk));
  if (q * q !== nq || k * k !== nk || q % k !== 0) {
    throw badInput(`Attention map '${tensor}' is ${nq} × ${nk}; GAN Lens reads it as square query and key grids, which these sizes are not.`, {
      tensor,
      shape: [nq, nk],
      hint: 'Pass the softmax of a self-attention block over a square feature map (--attention TENSOR).',
    });
  }
  return { query: [q, q], key: [k, k] };
}

/**
 * One image's attention [Nq, Nk] (row-major) → Nq × Nq: each key position repeated over the query-grid cells it
 * covers, divided by the repeat count so rows still sum to one.
 */
export function attentionOnQueryGrid(a: ArrayLike<number>, grid: AttentionGrid): Float64Array {
  const [hq, wq] = grid.query;
  const [hk, wk] = grid.key;
  const nq = hq * wq;
  const nk = hk * wk;
  const fy = hq / hk;
  const fx = wq / wk;
  const keyOf = new Int32Array(nq);
  for (let y = 0; y < hq; y++) for (let x = 0; x < wq; x++) keyOf[y * wq + x] = Math.floor(y / fy) * wk + Math.floor(x / fx);
  const scale = 1 / (fy * fx);
  const out = new Float64Array(nq * nq);
  for (let i = 0; i < nq; i++) for (let j = 0; j < nq; j++) out[i * nq + j] = a[i * nk + keyOf[j]!]! * scale;
  return out;
}

/** D = (1 − (A + Aᵀ)/2) ⊙ (1 − I) for a square A (n × n, row-major). */
export function dissimilarity(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) d[i * n + j] = i === j ? 0 : 1 - (a[i * n + j]! + a[j * n + i]!) / 2;
  }
  return d;
}

/**
 * Average-linkage clustering of an n × n dissimilarity into each k of `ks`: one tree, cut at k clusters. Labels
 * are 0..k−1, numbered by cluster size (largest first, equal sizes by smallest member). `tick` reports merges.
 */
export function clusterDissimilarity(d: Float64Array, n: number, ks: readonly number[], tick?: LinkageTick): Map<number, Int32Array> {
  for (const k of ks) {
    if (!Number.isInteger(k) || k < 1 || k > n) throw badInput(`Cannot make ${k} clusters of ${n} positions.`, { hint: `Pick k between 1 and ${n}.` });
  }
  const merges = averageLinkage(d, n, tick);
  return new Map(ks.map((k) => [k, cutTree(merges, n, k)]));
}

/** Nearest up-sampling of a label grid [h, w] to [H, W]. */
export function upsampleLabels(labels: Int32Array, from: [number, number], to: [number, number]): Int32Array {
  const [h, w] = from;
  const [H, W] = to;
  const out = new Int32Array(H * W);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(h - 1, Math.floor((y * h) / H));
    for (let x = 0; x < W; x++) out[y * W + x] = labels[sy * w + Math.min(w - 1, Math.floor((x * w) / W))]!;
  }
  return out;
}

/** Each pixel in the mean colour of its cluster, from a [3, H, W] image in [0,1]. */
export function meanColourImage(image: Float32Array, labels: Int32Array, hw: [number, number]): Float32Array {
  const plane = hw[0] * hw[1];
  const k = labels.reduce((m, l) => Math.max(m, l), 0) + 1;
  const sums = new Float64Array(k * 3);
  const counts = new Float64Array(k);
  for (let p = 0; p < plane; p++) {
    const l = labels[p]!;
    counts[l]!++;
    for (let c = 0; c < 3; c++) sums[l * 3 + c]! += image[c * plane + p]!;
  }
  const out = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    const l = labels[p]!;
    for (let c = 0; c < 3; c++) out[c * plane + p] = sums[l * 3 + c]! / counts[l]!;
  }
  return out;
}
