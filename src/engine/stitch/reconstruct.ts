/**
 * Real-time inversion: one composed graph (extractor prefix → conv1x1 → resize → generator suffix) and one forward
 * pass per batch; metrics at LayerX between original and reconstruction; the direct-copy ablation.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageSource } from '../image-sources/source';
import { openSession, type RunnableSession, type SessionOptions } from '../runtime/session';
import { encodeGridPng, encodePng, resizeBilinear, unstackImage } from '../runtime/image';
import type { HostTensor } from '../onnx/tensor';
import { compareActivations, summarize, type Summary } from '../metrics/activations';
import { generatorFeeds, planGeneratorInputs } from '../generator/feeds';
import { SeededRandom, deriveSeed } from '../util/random';
import { writeFileAtomic } from '../util/atomic';
import { cancelledError } from '../util/errors';
import { buildExtractModel, buildReconstructModel } from './graphs';
import type { StitchSetup } from './setup';
import { normalizeBatch } from '../model/normalize';
import { runChunked } from '../runtime/chunked-run';
import { describePair, planStitchChunk, stitchHostBytesPerSample, stitchKnownShapes } from './memory-plan';

export interface ReconstructOptions {
  setup: StitchSetup;
  /** Trained conv; omitted with directCopy. */
  weight?: Float32Array;
  bias?: Float32Array;
  directCopy?: boolean;
  seed?: number;
  batchSize?: number;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ImageResult {
  id: string;
  cosine: number;
  l1: number;
  /** Forward time of its batch divided by the batch size. */
  seconds: number;
}

export interface ReconstructResult {
  images: ImageResult[];
  cosine: Summary;
  l1: Summary;
  secondsPerImage: number;
  /** [N,3,H,W] in [0,1] at the extractor's input size, in source order. */
  reconstructions: HostTensor[];
  originals: HostTensor[];
}

export const RECONSTRUCT_INPUT_PREFIX = 'x/';

export interface Reconstructor {
  session: RunnableSession;
  /** Samples per onnxruntime run that the memory budget allows (batches are run in chunks of this size). */
  chunk: number;
  /** images in [0,1] → reconstructions clamped to [0,1] at the extractor's input size, with the forward time. */
  reconstruct(images: HostTensor, seed: number): Promise<{ recon: HostTensor; seconds: number }>;
  /** LayerX activations of images in [0,1]. */
  activations(images: HostTensor): Promise<HostTensor>;
}

/** A reconstructor bound to one setup and conv: one session, reused for every batch (the gallery's layer switches). */
export async function openReconstructor(o: Omit<ReconstructOptions, 'signal' | 'onProgress'>): Promise<Reconstructor> {
  const { setup } = o;
  const { models, config } = setup;
  const model = buildReconstructModel(models, o.directCopy ? { directCopy: true } : { weight: o.weight!, bias: o.bias! });
  const extractModel = buildExtractModel(models.extractor, models.pair);
  const graphs = { graphs: [model, extractModel], wanted: o.batchSize ?? 8 };
  const memory = planStitchChunk(`Reconstruction through ${describePair(models)}`, graphs, stitchKnownShapes(setup), { perSampleBytes: stitchHostBytesPerSample(models) }, o.session?.memoryBudgetGB);
  const chunk = memory.batch;
  const session = await openSession(model, o.session);
  const extract = await openSession(extractModel, o.session);
  const imageInput = RECONSTRUCT_INPUT_PREFIX + config.extractor.input;
  const plans = planGeneratorInputs(
    session.inputNames.filter((n) => n !== imageInput),
    'g/',
    setup.generatorAnalysis.summary.inputs,
    config.generator,
    config.generator.model,
  );
  const [h, w] = config.extractor.inputSize;
  const generatorInputs = new Set([...plans.map((p) => p.feedName), imageInput]);
  return {
    session,
    chunk,
    async reconstruct(images: HostTensor, seed: number): Promise<{ recon: HostTensor; seconds: number }> {
      const n = images.dims[0]!;
      const feeds = {
        ...generatorFeeds(plans, n, new SeededRandom(deriveSeed(seed, 'reconstruct')), config.generator.noise.mode),
        [imageInput]: normalizeBatch(images, config.extractor.mean, config.extractor.std),
      };
      const t0 = performance.now();
      const out = (await runChunked(session, feeds, ['reconstruction'], { n, chunk, batched: generatorInputs })).reconstruction!;
      const seconds = (performance.now() - t0) / 1000;
      // As in training (resize, then clamp): the images measured and written are the ones the stitch was trained on.
      return { recon: clampUnit(out.dims[2] === h && out.dims[3] === w ? out : resizeBatch(out, h, w)), seconds };
    },
    async activations(images: HostTensor): Promise<HostTensor> {
      const feeds = { [config.extractor.input]: normalizeBatch(images, config.extractor.mean, config.extractor.std) };
      const plan = { n: images.dims[0]!, chunk, batched: new Set([config.extractor.input]) };
      return (await runChunked(extract, feeds, [models.pair.from.tensor], plan))[models.pair.from.tensor]!;
    },
  };
}

/** Values outside [0, 1] (a generator's overshoot past its configured range) clamped, as the training graph's Clip. */
function clampUnit(t: HostTensor): HostTensor {
  const src = t.data as Float32Array;
  const data = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    data[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return { dtype: 'float32', dims: t.dims, data };
}

function resizeBatch(t: HostTensor, h: number, w: number): HostTensor {
  const n = t.dims[0]!;
  const parts = Array.from({ length: n }, (_, i) => resizeBilinear(unstackImage(t, i), h, w));
  const data = new Float32Array(n * 3 * h * w);
  parts.forEach((p, i) => data.set(p.data, i * 3 * h * w));
  return { dtype: 'float32', dims: [n, 3, h, w], data };
}

/** Reconstructs every image of a source and measures cosine/L1 at LayerX against the original. */
export async function reconstructSource(source: ImageSource, o: ReconstructOptions): Promise<ReconstructResult> {
  const r = await openReconstructor(o);
  const batch = o.batchSize ?? 8;
  const seed = o.seed ?? 0;
  const images: ImageResult[] = [];
  const reconstructions: HostTensor[] = [];
  const originals: HostTensor[] = [];
  let forwardSeconds = 0;
  for (let start = 0; start < source.count; start += batch) {
    if (o.signal?.aborted) throw cancelledError('Reconstruction');
    const idx = Array.from({ length: Math.min(batch, source.count - start) }, (_, i) => start + i);
    const x = await source.batch(idx);
    const { recon, seconds } = await r.reconstruct(x, deriveSeed(seed, start));
    forwardSeconds += seconds;
    const a = await r.activations(x);
    const a2 = await r.activations(recon);
    const ms = compareActivations(a2.data as Float32Array, a.data as Float32Array, a.dims);
    idx.forEach((i, k) => {
      images.push({ id: source.id(i), cosine: ms[k]!.cosine, l1: ms[k]!.l1, seconds: seconds / idx.length });
      reconstructions.push(unstackImage(recon, k));
      originals.push(unstackImage(x, k));
    });
    o.onProgress?.(images.length, source.count);
  }
  return {
    images,
    cosine: summarize(images.map((i) => i.cosine)),
    l1: summarize(images.map((i) => i.l1)),
    secondsPerImage: forwardSeconds / Math.max(1, images.length),
    reconstructions,
    originals,
  };
}

/** PNG per reconstruction, a grid (originals above reconstructions), and metrics.json. */
export async function writeReconstruction(outDir: string, r: ReconstructResult, meta: Record<string, unknown>): Promise<void> {
  mkdirSync(join(outDir, 'images'), { recursive: true });
  for (let i = 0; i < r.images.length; i++) {
    const name = r.images[i]!.id.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/\.(png|jpe?g|webp|tiff?|bmp)$/i, '');
    writeFileAtomic(join(outDir, 'images', `${name}.png`), await encodePng(r.reconstructions[i]!));
  }
  const n = Math.min(8, r.images.length);
  writeFileAtomic(join(outDir, 'grid.png'), await encodeGridPng([...r.originals.slice(0, n), ...r.reconstructions.slice(0, n)], { cols: n }));
  writeFileAtomic(
    join(outDir, 'metrics.json'),
    JSON.stringify({ ...meta, cosine: r.cosine, l1: r.l1, secondsPerImage: r.secondsPerImage, images: r.images }, null, 2),
  );
}
