/**
 * The paper's appendix experiment (Alg. 1, Fig. 9): which grid size visualises best? For generated images, a random
 * pixel y of a feature extractor's LayerY is the target; two vectors v1 (blue cells) and v2 (white cells) at
 * LayerX are optimised (Adam, L1) so that the H×W mean of LayerY on the generated image matches y. Reported: the
 * cosine similarity between that mean and y after optimisation, per grid size 0..5 (0 = one vector everywhere),
 * mean and standard deviation over repeats.
 */
import type { NetworkConfig } from '../config/types';
import type { ModelProto } from '../onnx/gen/onnx_pb';
import { openSession, type SessionOptions } from '../runtime/session';
import type { HostTensor } from '../onnx/tensor';
import { adamUpdate } from '../optim/adam-step';
import { SeededRandom, deriveSeed } from '../util/random';
import { cancelledError } from '../util/errors';
import {APPENDIX_TENSORS, buildAppendixGraph } from './appendix-graph';
import type { FeatureProbe } from './probe';
import type { GeneratorParts } from './parts';
import { vectorAt } from './sample';
import { cosine } from './tileability';

export interface AppendixOptions {
  extractor: ModelProto;
  net: NetworkConfig;
  /** LayerY: the probe's layer. */
  probe: FeatureProbe;
  grids?: number[];
  /** Targets per repeat (optimised together as one batch). */
  n?: number;
  repeats?: number;
  steps?: number;
  lr?: number;
  seed?: number;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

export interface GridResult {
  grid: number;
  /** Mean over repeats of each repeat's mean cosine, and their standard deviation. */
  cosine: number;
  std: number;
  perRepeat: number[];
  /** Mean L1 loss at the first and last step, averaged over repeats. */
  lossStart: number;
  lossEnd: number;
}

export interface AppendixResult {
  layer: string;
  featureLayer: string;
  n: number;
  repeats: number;
  steps: number;
  lr: number;
  seed: number;
  grids: GridResult[];
  seconds: number;
}

function meanStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std };
}

/** Spatial mean of LayerX per batch row: the starting point of both vectors (an in-distribution activation). */
function spatialMeans(layerX: HostTensor): Float32Array {
  const [n, c, h, w] = layerX.dims as [number, number, number, number];
  const d = layerX.data as Float32Array;
  const out = new Float32Array(n * c);
  for (let i = 0; i < n * c; i++) {
    let s = 0;
    for (let p = 0; p < h * w; p++) s += d[i * h * w + p]!;
    out[i] = s / (h * w);
  }
  return out;
}

export async function runAppendix(parts: GeneratorParts, o: AppendixOptions): Promise<AppendixResult> {
  const t0 = performance.now();
  const grids = o.grids ?? [0, 1, 2, 3, 4, 5];
  const n = o.n ?? 16;
  const repeats = o.repeats ?? 3;
  const steps = o.steps ?? 100;
  const lr = o.lr ?? 0.05;
  const seed = o.seed ?? 0;
  const [c] = parts.setup.shape;
  const results = new Map<number, { cos: number[]; l0: number[]; l1: number[] }>(grids.map((g) => [g, { cos: [], l0: [], l1: [] }]));
  const graphs = new Map<number, Awaited<ReturnType<typeof openGraph>>>();
  const openGraph = async (k: number, imageHW: [number, number]) => {
    const g = buildAppendixGraph(parts.setup, o.extractor, o.net, o.probe.tensor, k, imageHW);
    return { ...g, session: await openSession(g.gradient.model, o.session ?? {}) };
  };
  for (let r = 0; r < repeats; r++) {
    // Targets: a random LayerY pixel of each generated image.
    const seeds = Array.from({ length: n }, (_, i) => deriveSeed(seed, 'appendix', r, i));
    const gen = await parts.generate(seeds);
    const f = await o.probe.features(gen.images);
    const [, cy, fh, fw] = f.dims as [number, number, number, number];
    const rng = new SeededRandom(deriveSeed(seed, 'pixel', r));
    const target = new Float32Array(n * cy);
    for (let i = 0; i < n; i++) target.set(vectorAt(f, i, rng.int(fh), rng.int(fw)), i * cy);
    const initSeeds = seeds.map((s) => deriveSeed(s, 'init'));
    const init = spatialMeans((await parts.generate(initSeeds)).layerX);
    const imageHW: [number, number] = [gen.images.dims[2]!, gen.images.dims[3]!];
    for (const k of grids) {
      if (o.signal?.aborted) throw cancelledError('The appendix experiment');
      let g = graphs.get(k);
      if (!g) graphs.set(k, (g = await openGraph(k, imageHW)));
      const v1 = init.slice();
      const v2 = init.slice();
      const m1 = new Float32Array(v1.length);
      const s1 = new Float32Array(v1.length);
      const m2 = new Float32Array(v1.length);
      const s2 = new Float32Array(v1.length);
      const genFeeds = parts.feeds(parts.suffix, seeds);
      const feeds: Record<string, HostTensor> = { [APPENDIX_TENSORS.target]: { dtype: 'float32', dims: [n, cy], data: target } };
      for (const name of g.generatorInputs) feeds[name] = genFeeds[name.slice(2)]!;
      const hyper = { lr, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0 };
      let first = NaN;
      let last = NaN;
      let mean: Float32Array = new Float32Array(0);
      for (let step = 0; step <= steps; step++) {
        feeds[APPENDIX_TENSORS.v1] = { dtype: 'float32', dims: [n, c], data: v1 };
        feeds[APPENDIX_TENSORS.v2] = { dtype: 'float32', dims: [n, c], data: v2 };
        const out = await g.session.run(feeds, [g.gradient.loss, g.gradient.grads[APPENDIX_TENSORS.v1]!, g.gradient.grads[APPENDIX_TENSORS.v2]!, APPENDIX_TENSORS.mean]);
        last = (out[g.gradient.loss]!.data as Float32Array)[0]!;
        if (step === 0) first = last;
        mean = out[APPENDIX_TENSORS.mean]!.data as Float32Array;
        if (step === steps) break; // the last run only evaluates
        adamUpdate(v1, out[g.gradient.grads[APPENDIX_TENSORS.v1]!]!.data as Float32Array, m1, s1, step + 1, hyper);
        adamUpdate(v2, out[g.gradient.grads[APPENDIX_TENSORS.v2]!]!.data as Float32Array, m2, s2, step + 1, hyper);
      }
      const cos = Array.from({ length: n }, (_, i) => cosine(mean.subarray(i * cy, (i + 1) * cy), target.subarray(i * cy, (i + 1) * cy)));
      const acc = results.get(k)!;
      acc.cos.push(meanStd(cos).mean);
      acc.l0.push(first);
      acc.l1.push(last);
      o.onProgress?.(`repeat ${r + 1}/${repeats}, grid ${k}: loss ${first.toFixed(4)} → ${last.toFixed(4)}, cosine ${acc.cos[acc.cos.length - 1]!.toFixed(4)}`);
    }
  }
  return {
    layer: parts.setup.layerName,
    featureLayer: o.probe.layerName,
    n,
    repeats,
    steps,
    lr,
    seed,
    grids: grids.map((k) => {
      const acc = results.get(k)!;
      const { mean, std } = meanStd(acc.cos);
      return { grid: k, cosine: mean, std, perRepeat: acc.cos, lossStart: meanStd(acc.l0).mean, lossEnd: meanStd(acc.l1).mean };
    }),
    seconds: (performance.now() - t0) / 1000,
  };
}
