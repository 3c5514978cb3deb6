/**
 * Segmentation of inverted images from the generator's self-attention at h*: G_att(h*) → D → average-linkage
 * clusters for each k, up-sampled to the image size, scored against true labels when the source has them. A
 * colour-only baseline (the same clustering on RGB distances of the image pooled to the attention grid) shows how
 * much of the score the attention adds beyond colour.
 */
import { openSession, type SessionOptions } from '../runtime/session';
import type { HostTensor } from '../onnx/tensor';
import type { LayerInfo } from '../../protocol/model';
import { lookupLayer } from '../model/lookup-layer';
import { badInput, cancelledError, formatShape } from '../util/errors';
import {buildAttentionModel, INVERSION_TENSORS } from './graphs';
import { batchFeeds, imageFeeds } from './feeds';
import { attentionSelectivity, type AttentionSelectivity } from './selectivity';
import { attentionOnQueryGrid, clusterDissimilarity, dissimilarity, squareGrids, upsampleLabels, type AttentionGrid } from './cluster';
import { adjustedRandIndex, bestMatchIoU, majorityIoU } from './scores';
import type { InversionSetup } from './setup';

export interface SegmentOptions {
  ks: number[];
  /** Tensor name, readable name, alias or config layer name of the softmax map; default: the first Softmax output. */
  attention?: string;
  /** Also cluster RGB distances (the colour baseline). Default true. */
  colourBaseline?: boolean;
  /** Seed and image indices of the inversion, so noise/class inputs match the ones h* was found with. */
  seed?: number;
  indices?: readonly number[];
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (p: SegmentProgress) => void;
}

/** Where segmentation is: image `image` (1-based) of `images`, which clustering, and the fraction of its merges done. */
export interface SegmentProgress {
  image: number;
  images: number;
  stage: 'attention' | 'colour';
  fraction: number;
}

export interface ClusterScores {
  ari: number;
  bestMatchIoU: number;
  majorityIoU: number;
}

export interface ImageSegmentation {
  /** Labels at the image resolution, per k. */
  labels: Map<number, Int32Array>;
  scores?: Map<number, ClusterScores>;
  baselineLabels?: Map<number, Int32Array>;
  baselineScores?: Map<number, ClusterScores>;
}

export interface Segmentation {
  attention: { tensor: string; name: string; shape: number[]; grid: AttentionGrid; selectivity: AttentionSelectivity };
  images: ImageSegmentation[];
}

/** The attention map: the named tensor, or the output of the generator's first Softmax node. */
function findAttention(setup: InversionSetup, query?: string): LayerInfo {
  const analysis = setup.generatorAnalysis;
  if (query) return lookupLayer(analysis, setup.config.generator.layers, query);
  const hit = analysis.layers.find((l) => l.op === 'Softmax');
  if (!hit) {
    throw badInput(`${analysis.summary.file} has no Softmax node, so there is no self-attention map to segment with.`, {
      file: analysis.summary.file,
      hint: 'Pass --attention with the tensor of an attention map (N × queries × keys).',
    });
  }
  return hit;
}

function scoreLabels(labels: Int32Array, truth: Uint8Array): ClusterScores {
  return { ari: adjustedRandIndex(labels, truth), bestMatchIoU: bestMatchIoU(labels, truth).mean, majorityIoU: majorityIoU(labels, truth) };
}

/** Average-pools a [3, H, W] image to the grid and returns RGB Euclidean distances between grid cells. */
function colourDissimilarity(image: Float32Array, hw: [number, number], grid: [number, number]): Float64Array {
  const [H, W] = hw;
  const [h, w] = grid;
  const n = h * w;
  const rgb = new Float64Array(n * 3);
  const count = new Float64Array(n);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const cell = Math.min(h - 1, Math.floor((y * h) / H)) * w + Math.min(w - 1, Math.floor((x * w) / W));
      count[cell]!++;
      for (let c = 0; c < 3; c++) rgb[cell * 3 + c]! += image[(c * H + y) * W + x]!;
    }
  }
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c]! /= count[i]!;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = Math.hypot(rgb[i * 3]! - rgb[j * 3]!, rgb[i * 3 + 1]! - rgb[j * 3 + 1]!, rgb[i * 3 + 2]! - rgb[j * 3 + 2]!);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return d;
}

/** Nearest resize of a square label mask to [H, W] when its size differs. */
function truthAt(truth: Uint8Array, hw: [number, number]): Uint8Array {
  const [H, W] = hw;
  if (truth.length === H * W) return truth;
  const s = Math.round(Math.sqrt(truth.length));
  if (s * s !== truth.length) throw badInput(`A label mask has ${truth.length} pixels; it must match the image size ${H}×${W} or be square.`);
  const out = new Uint8Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + x] = truth[Math.floor((y * s) / H) * s + Math.floor((x * s) / W)]!;
  return out;
}

/**
 * Segments images from their layer values h ([N, ...layer shape]). `images` ([N, 3, H, W] in [0,1]) feed the colour
 * baseline; `truth` (per image, or undefined) are label masks to score against.
 */
export async function segmentLayerValues(
  setup: InversionSetup,
  h: HostTensor,
  images: HostTensor,
  truth: readonly (Uint8Array | undefined)[],
  o: SegmentOptions,
): Promise<Segmentation> {
  const att = findAttention(setup, o.attention);
  let session;
  try {
    session = await openSession(buildAttentionModel(setup.split, att.tensor), o.session);
  } catch (e) {
    throw badInput(`Cannot compute attention '${att.name}' from layer '${setup.layerName}': ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, {
      tensor: att.tensor,
      hint: 'The attention map must come after the inverted layer in the generator.',
    });
  }
  const n = h.dims[0]!;
  const hw = setup.split.outputSize;
  const perImage = Array.from({ length: n }, (_, i) => imageFeeds(setup.plans, o.seed ?? 0, o.indices?.[i] ?? i, setup.config.generator.noise.mode));
  const feeds = { ...batchFeeds(perImage, 'g/', session.inputNames), [`g/${setup.split.layer}`]: h };
  const out = await session.run(Object.fromEntries(Object.entries(feeds).filter(([k]) => session.inputNames.includes(k))), [INVERSION_TENSORS.attention]);
  const a = out[INVERSION_TENSORS.attention]!;
  if (a.dims.length !== 3 || a.dims[0] !== n) {
    throw badInput(`Attention '${att.name}' has shape ${formatShape(a.dims)}; segmentation needs [N, queries, keys] (a softmax over key positions).`, {
      tensor: att.tensor,
      shape: a.dims,
      hint: 'Pass --attention with the softmax output of the self-attention block.',
    });
  }
  const [, nq, nk] = a.dims as [number, number, number];
  const grid = squareGrids(nq, nk, att.name);
  const data = a.data as Float32Array;
  const plane = 3 * hw[0] * hw[1];
  const results: ImageSegmentation[] = [];
  for (let i = 0; i < n; i++) {
    const tick = (stage: SegmentProgress['stage']) => (merged: number, total: number) => {
      if (o.signal?.aborted) throw cancelledError('Segmentation');
      o.onProgress?.({ image: i + 1, images: n, stage, fraction: merged / total });
    };
    if (o.signal?.aborted) throw cancelledError('Segmentation');
    const square = attentionOnQueryGrid(data.subarray(i * nq * nk, (i + 1) * nq * nk), grid);
    const byK = clusterDissimilarity(dissimilarity(square, nq), nq, o.ks, tick('attention'));
    const labels = new Map([...byK].map(([k, l]) => [k, upsampleLabels(l, grid.query, hw)]));
    const seg: ImageSegmentation = { labels };
    if (o.colourBaseline ?? true) {
      const img = (images.data as Float32Array).subarray(i * plane, (i + 1) * plane);
      const base = clusterDissimilarity(colourDissimilarity(img, hw, grid.query), nq, o.ks, tick('colour'));
      seg.baselineLabels = new Map([...base].map(([k, l]) => [k, upsampleLabels(l, grid.query, hw)]));
    }
    const t = truth[i];
    if (t) {
      const tt = truthAt(t, hw);
      seg.scores = new Map([...labels].map(([k, l]) => [k, scoreLabels(l, tt)]));
      if (seg.baselineLabels) seg.baselineScores = new Map([...seg.baselineLabels].map(([k, l]) => [k, scoreLabels(l, tt)]));
    }
    results.push(seg);
  }
  const selectivity = attentionSelectivity(data, nk);
  return { attention: { tensor: att.tensor, name: att.name, shape: a.dims.slice(1), grid, selectivity }, images: results };
}
