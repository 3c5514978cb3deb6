/**
 * Tileability (paper §4.2.3): a vector's replicated visualisation and its grid-k visualisation (k = 2) go through a
 * feature extractor to one layer; both activation maps are weighted by the grid mask resized (nearest) to that layer
 * and averaged over H×W; the score is the cosine similarity of the two averages. Tileable vectors (a texture that
 * repeats) score high, non-tileable ones (a structure that stretches when replicated) low.
 *
 * The same grid mask weights both maps: the two visualisations are compared on the same region, the cells where the
 * vector was written in both. (A generator whose output ignores LayerX therefore scores exactly 1.)
 */
import type { HostTensor } from '../onnx/tensor';
import { stackImages, type ImageTensor } from '../runtime/image';
import { cancelledError } from '../util/errors';
import { gridMask, resizeNearest } from './grid';
import type { FeatureProbe } from './probe';
import type { GeneratorParts } from './parts';
import { visualizeVectors, type VisualizeItem } from './visualize';

export interface TileabilityOptions {
  gridSize?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Mask-weighted spatial mean of row b of [N, C, H, W]: one C-vector. */
function maskedMean(t: HostTensor, b: number, mask: Float32Array): Float64Array {
  const [, c, h, w] = t.dims as [number, number, number, number];
  const plane = h * w;
  const d = t.data as Float32Array;
  let total = 0;
  for (let p = 0; p < plane; p++) total += mask[p]!;
  const out = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    const o = (b * c + ch) * plane;
    let s = 0;
    for (let p = 0; p < plane; p++) s += mask[p]! * d[o + p]!;
    out[ch] = s / total;
  }
  return out;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  // Two all-zero maps look the same: similarity 1.
  if (aa === 0 && bb === 0) return 1;
  return ab / Math.sqrt(Math.max(aa * bb, 1e-30));
}

/** Tileability from the two visualisations (replicated, grid) of each vector: one score per pair. */
async function tileabilityOfImages(probe: FeatureProbe, full: readonly ImageTensor[], grid: readonly ImageTensor[], gridSize: number, layerHW: [number, number]): Promise<number[]> {
  const n = full.length;
  const f = await probe.features(stackImages([...full, ...grid]));
  const [, , fh, fw] = f.dims as [number, number, number, number];
  const m = gridMask(layerHW[0], layerHW[1], gridSize);
  const mask = resizeNearest(m.data, m.h, m.w, fh, fw);
  return Array.from({ length: n }, (_, i) => cosine(maskedMean(f, i, mask), maskedMean(f, n + i, mask)));
}

/** Tileability scores of vectors, in input order. */
export async function tileabilityScores(parts: GeneratorParts, probe: FeatureProbe, items: readonly VisualizeItem[], o: TileabilityOptions = {}): Promise<number[]> {
  const k = o.gridSize ?? 2;
  const batch = Math.max(1, o.batchSize ?? 16);
  const [, h, w] = parts.setup.shape;
  const scores: number[] = [];
  for (let s = 0; s < items.length; s += batch) {
    if (o.signal?.aborted) throw cancelledError('Tileability ranking');
    const chunk = items.slice(s, s + batch);
    const images = await visualizeVectors(parts, chunk, { grids: [0, k], batchSize: batch * 2 });
    scores.push(...(await tileabilityOfImages(probe, images.map((v) => v[0]!), images.map((v) => v[1]!), k, [h, w])));
    o.onProgress?.(scores.length, items.length);
  }
  return scores;
}
