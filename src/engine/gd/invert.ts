/**
 * Gradient-descent inversion of a LayerX activation (Algorithm 1, Herdt et al. 2023): Adam on z′ (lr 0.05, 512
 * steps, z′₀ ~ N(0, 0.01²)), a whole batch in one graph per step. Deterministic given the seed: z′₀ and the jitter
 * shifts come from seeded generators derived per batch.
 */
import type { ModelProto } from '../onnx/gen/onnx_pb';
import type { HostTensor } from '../onnx/tensor';
import { cut } from '../onnx/surgery';
import { buildGradient } from '../autodiff/builder';
import { openSession, type SessionOptions } from '../runtime/session';
import { normalizeBatch } from '../model/normalize';
import { adamUpdate, type AdamHyper } from '../optim/adam-step';
import { SeededRandom, deriveSeed } from '../util/random';
import { badInput, cancelledError, formatShape } from '../util/errors';
import {GD_TENSORS, buildGdForward, buildRenderModel, parameterShape, type GdRegularisation } from './graphs';
import { jitterFeeds, type JitterFeeds } from './jitter';

export interface GdTarget {
  extractor: ModelProto;
  /** Extractor image input. */
  inputName: string;
  inputSize: [number, number];
  mean: readonly number[];
  std: readonly number[];
  /** LayerX tensor to invert. */
  layerTensor: string;
}

export interface GdOptions {
  reg: GdRegularisation;
  steps?: number;
  lr?: number;
  batchSize?: number;
  seed?: number;
  /**
   * Index of the first image in the whole set when these images are a shard of it: z′₀ and the jitter are seeded by
   * the global index of each batch, so shards aligned to the batch size reproduce the single run exactly.
   */
  firstIndex?: number;
  /** Standard deviation of z′₀. */
  initStd?: number;
  /** Pad value of the jitter, in normalised units. */
  padValue?: number;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (p: GdProgress) => void;
}

export interface GdProgress {
  /** Images finished before this batch. */
  imagesDone: number;
  images: number;
  step: number;
  steps: number;
  /** Mean per-image L1 at LayerX of the current batch. */
  loss: number;
}

export interface GdResult {
  /** [N,3,H,W] in [0,1]. */
  reconstructions: HostTensor;
  /** Mean per-image L1 at LayerX at each step (averaged over all images). */
  lossCurve: number[];
  /** Per-image loss at the last step. */
  finalLoss: number[];
  /** Optimisation time for all images (targets, steps, rendering), without building graphs and sessions. */
  seconds: number;
  secondsPerStep: number;
  setupSeconds: number;
}

export const GD_DEFAULTS = { steps: 512, lr: 0.05, batchSize: 8, seed: 0, initStd: 0.01, padValue: 0.5 } as const;

function slice(images: HostTensor, start: number, count: number): HostTensor {
  const per = images.dims.slice(1).reduce((a, b) => a * b, 1);
  const data = (images.data as Float32Array).subarray(start * per, (start + count) * per);
  return { dtype: 'float32', dims: [count, ...images.dims.slice(1)], data };
}

/** Inverts LayerX for every image of `images` ([N,3,H,W] in [0,1] at the extractor's input size). */
export async function invertGd(target: GdTarget, images: HostTensor, o: GdOptions): Promise<GdResult> {
  const steps = o.steps ?? GD_DEFAULTS.steps;
  const batch = o.batchSize ?? GD_DEFAULTS.batchSize;
  const seed = o.seed ?? GD_DEFAULTS.seed;
  const firstIndex = o.firstIndex ?? 0;
  const initStd = o.initStd ?? GD_DEFAULTS.initStd;
  const padValue = o.padValue ?? GD_DEFAULTS.padValue;
  const hyper: AdamHyper = { lr: o.lr ?? GD_DEFAULTS.lr, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 };
  const [h, w] = target.inputSize;
  const [n, ch, ih, iw] = images.dims as [number, number, number, number];
  if (ch !== 3 || ih !== h || iw !== w) {
    throw badInput(`Gradient-descent inversion needs images of shape [N, 3, ${h}, ${w}] (the extractor's input size), got ${formatShape(images.dims)}.`, {
      shape: images.dims,
      hint: 'Resize the images to the extractor input size (--input-size) first.',
    });
  }
  const t0 = performance.now();
  const extract = await openSession(cut(target.extractor, target.layerTensor), o.session);
  const first = (await extract.run({ [target.inputName]: normalizeBatch(slice(images, 0, Math.min(batch, n)), target.mean, target.std) }))[target.layerTensor]!;
  const layerShape = first.dims.slice(1);
  const forward = buildGdForward(target.extractor, { ...target, reg: o.reg, layerShape });
  const grad = buildGradient(forward, { loss: GD_TENSORS.loss, wrt: [GD_TENSORS.z] });
  const gradName = grad.grads[GD_TENSORS.z]!;
  const stepSession = await openSession(grad.model, o.session);
  const render = await openSession(buildRenderModel(o.reg, target.inputSize), o.session);
  const setupSeconds = (performance.now() - t0) / 1000;

  const jitterCache = new Map<number, JitterFeeds>();
  const jitterFor = (dy: number, dx: number): JitterFeeds => {
    const key = (dy + 1) * 3 + (dx + 1);
    let j = jitterCache.get(key);
    if (!j) jitterCache.set(key, (j = jitterFeeds(h, w, dy, dx, padValue)));
    return j;
  };
  const pShape = parameterShape(o.reg, target.inputSize);
  const out = new Float32Array(n * 3 * h * w);
  const lossSums = new Float64Array(steps);
  const finalLoss: number[] = [];
  let stepSeconds = 0;
  let stepCount = 0;
  const t1 = performance.now();
  for (let start = 0; start < n; start += batch) {
    const count = Math.min(batch, n - start);
    const x = slice(images, start, count);
    const y = start === 0 && count === first.dims[0] ? first : (await extract.run({ [target.inputName]: normalizeBatch(x, target.mean, target.std) }))[target.layerTensor]!;
    const z = new SeededRandom(deriveSeed(seed, 'gd-init', firstIndex + start)).fillNormal(new Float32Array(count * pShape.reduce((a, b) => a * b, 1)), initStd);
    const m = new Float32Array(z.length);
    const v = new Float32Array(z.length);
    const shifts = new SeededRandom(deriveSeed(seed, 'gd-jitter', firstIndex + start));
    const zTensor: HostTensor = { dtype: 'float32', dims: [count, ...pShape], data: z }; // shares z: Adam updates it in place
    for (let s = 0; s < steps; s++) {
      if (o.signal?.aborted) throw cancelledError('Gradient-descent inversion');
      const feeds: Record<string, HostTensor> = { [GD_TENSORS.z]: zTensor, [GD_TENSORS.target]: y };
      if (o.reg !== 'none') {
        const j = jitterFor(shifts.int(3) - 1, shifts.int(3) - 1);
        feeds[GD_TENSORS.jitterRows] = j.rows;
        feeds[GD_TENSORS.jitterColsT] = j.colsT;
        feeds[GD_TENSORS.jitterOffset] = j.offset;
      }
      const ts = performance.now();
      const r = await stepSession.run(feeds, [grad.loss, gradName]);
      stepSeconds += (performance.now() - ts) / 1000;
      stepCount++;
      const loss = r[grad.loss]!.data[0] as number;
      lossSums[s]! += loss;
      adamUpdate(z, r[gradName]!.data as Float32Array, m, v, s + 1, hyper);
      o.onProgress?.({ imagesDone: start, images: n, step: s + 1, steps, loss: loss / count });
    }
    const img = (await render.run({ [GD_TENSORS.z]: zTensor }, [GD_TENSORS.image01]))[GD_TENSORS.image01]!;
    out.set(img.data as Float32Array, start * 3 * h * w);
    // The last step's loss is that of z′ before its final update; measure the final z′ once more (without jitter).
    finalLoss.push(...(await lossesAt(extract, target, img, y)));
  }
  const seconds = (performance.now() - t1) / 1000;
  return {
    reconstructions: { dtype: 'float32', dims: [n, 3, h, w], data: out },
    lossCurve: Array.from(lossSums, (s) => s / n),
    finalLoss,
    seconds,
    secondsPerStep: stepSeconds / Math.max(1, stepCount),
    setupSeconds,
  };
}

async function lossesAt(
  extract: Awaited<ReturnType<typeof openSession>>,
  target: GdTarget,
  images: HostTensor,
  y: HostTensor,
): Promise<number[]> {
  const a = (await extract.run({ [target.inputName]: normalizeBatch(images, target.mean, target.std) }))[target.layerTensor]!;
  const per = y.dims.slice(1).reduce((p, q) => p * q, 1);
  const ad = a.data as Float32Array;
  const yd = y.data as Float32Array;
  return Array.from({ length: y.dims[0]! }, (_, i) => {
    let s = 0;
    for (let k = i * per; k < (i + 1) * per; k++) s += Math.abs(ad[k]! - yd[k]!);
    return s / per;
  });
}
