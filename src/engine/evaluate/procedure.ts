/**
 * The paper's evaluation protocol (§3.2, §3.4): for each LayerX and each method — the trained stitch, the direct
 * copy, GD with and without regularisation (and random images as a floor) — reconstruct the same validation images,
 * pass originals and reconstructions through every test network to its LayerX′, and compare per image. Times cover
 * the reconstructions alone; the GAN methods are timed as the mean of several passes over the images.
 */
import { cpus } from 'node:os';
import type { GanLensConfig } from '../config/types';
import { openSource } from '../image-sources/index';
import type { HostTensor } from '../onnx/tensor';
import type { SessionOptions } from '../runtime/session';
import { openReconstructor, type Reconstructor } from '../stitch/reconstruct';
import { loadStitchSetup } from '../stitch/setup';
import { loadAnalysed } from '../model/loaded';
import type { StitchProgress } from '../stitch/train';
import { summarize } from '../metrics/activations';
import { invertGd, GD_DEFAULTS } from '../gd/invert';
import { SeededRandom, deriveSeed } from '../util/random';
import { badInput, cancelledError } from '../util/errors';
import { compareAt, openProbe, type Probe } from './probes';
import { pairFor, stitchRunFor, type TrainOverrides } from './stitch-runs';
import { METHOD_LABELS, type EvaluationReport, type LayerResult, type MethodKind, type MethodResult, type Speedup } from './types';

export const ALL_METHODS: readonly MethodKind[] = ['gan-stitch', 'gan-direct-copy', 'gd-reg', 'gd-none', 'random'];

export interface EvaluateOptions {
  config: GanLensConfig;
  /** Extractor layers (config names); default: the `from` of every config pair. */
  layers?: string[];
  images?: number;
  steps?: number;
  lr?: number;
  gdBatchSize?: number;
  ganBatchSize?: number;
  seed?: number;
  /** Passes over the images to time the GAN methods (default 10, as the paper). */
  ganTimingRuns?: number;
  methods?: readonly MethodKind[];
  /** Stitch run folders to use; missing ones are trained unless `train` is false. */
  runs?: readonly string[];
  train?: boolean;
  training?: TrainOverrides;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (p: EvaluateProgress) => void;
}

export interface EvaluateProgress {
  layer: string;
  method: MethodKind | 'setup';
  message: string;
  /** 0..1 within the method, when known. */
  fraction?: number;
}

/** Everything evaluated, plus the images the report shows (originals and each method's reconstructions). */
export interface Evaluation {
  report: EvaluationReport;
  /** Per layer: rows of [N,3,H,W] reconstructions keyed by method, and the originals. */
  images: Map<string, { originals: HostTensor; byMethod: Map<MethodKind, HostTensor> }>;
}

interface Reconstruction {
  recon: HostTensor;
  seconds: number;
  timingRuns: number;
  extra?: Partial<MethodResult>;
}

function sliceBatch(t: HostTensor, start: number, count: number): HostTensor {
  const per = t.dims.slice(1).reduce((a, b) => a * b, 1);
  return { dtype: 'float32', dims: [count, ...t.dims.slice(1)], data: (t.data as Float32Array).subarray(start * per, (start + count) * per) };
}

async function ganPasses(r: Reconstructor, images: HostTensor, batch: number, seed: number, runs: number, check: () => void): Promise<{ recon: HostTensor; seconds: number }> {
  const n = images.dims[0]!;
  const out = new Float32Array((images.data as Float32Array).length);
  let total = 0;
  for (let pass = 0; pass < runs; pass++) {
    for (let start = 0; start < n; start += batch) {
      check();
      const count = Math.min(batch, n - start);
      const { recon, seconds } = await r.reconstruct(sliceBatch(images, start, count), deriveSeed(seed, start));
      total += seconds;
      if (pass === 0) out.set(recon.data as Float32Array, start * (out.length / n));
    }
  }
  return { recon: { dtype: 'float32', dims: [...images.dims], data: out }, seconds: total / runs };
}

/** A 1x1 conv that copies the first min(Cx, Cy) channels: direct copy when the channel counts differ. */
function channelCopy(cx: number, cy: number): { weight: Float32Array; bias: Float32Array } {
  const weight = new Float32Array(cy * cx);
  for (let i = 0; i < Math.min(cx, cy); i++) weight[i * cx + i] = 1;
  return { weight, bias: new Float32Array(cy) };
}

/** The settings every layer and method of one evaluation shares, and the validation images they reconstruct. */
export interface EvaluationContext {
  config: GanLensConfig;
  layers: string[];
  methods: readonly MethodKind[];
  steps: number;
  lr: number;
  gdBatch: number;
  ganBatch: number;
  seed: number;
  timingRuns: number;
  testNames: string[];
  count: number;
  imageIds: string[];
  originals: HostTensor;
  /** Global index of the first image (a sweep's image shard; 0 otherwise): GD seeds each batch by it. */
  firstIndex?: number;
}

/**
 * Images [start, end) of an evaluation only: a sweep's image shard. Only gradient descent is split this way — its
 * per-batch seeds follow the global image index, so shards aligned to the GD batch reproduce the single run.
 */
export function imageShard(ctx: EvaluationContext, start: number, end: number): EvaluationContext {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > ctx.count || start >= end) {
    throw badInput(`Image shard [${start}, ${end}) is not inside the evaluation's ${ctx.count} images.`, { file: ctx.config.file, hint: 'Plan the sweep again (gan-lens sweep plan) for this config.' });
  }
  if (start % ctx.gdBatch !== 0) throw badInput(`Image shard [${start}, ${end}) does not start on a GD batch boundary (batch ${ctx.gdBatch}).`, { file: ctx.config.file });
  const per = ctx.originals.data.length / ctx.count;
  const data = (ctx.originals.data as Float32Array).slice(start * per, end * per);
  return { ...ctx, count: end - start, imageIds: ctx.imageIds.slice(start, end), originals: { dtype: 'float32', dims: [end - start, ...ctx.originals.dims.slice(1)], data }, firstIndex: (ctx.firstIndex ?? 0) + start };
}

export async function prepareEvaluation(o: EvaluateOptions): Promise<EvaluationContext> {
  const config = o.config;
  const layers = o.layers ?? [...new Set(config.pairs.map((p) => p.from))];
  if (layers.length === 0) throw badInput(`${config.file} lists no pairs; pass --layers layer1,layer2.`, { file: config.file });
  const testNames = config.evaluation.testNetworks;
  for (const t of testNames) {
    if (!config.testNetworks[t]) throw badInput(`${config.file}: /evaluation/testNetworks names '${t}', which is not in /testNetworks.`, { file: config.file });
  }
  const source = openSource(config.data.val, config.extractor.inputSize);
  const count = Math.min(o.images ?? config.evaluation.images, source.count);
  if (count < 1) throw badInput(`The validation data (${source.description}) has no images.`, { file: config.file });
  const indices = Array.from({ length: count }, (_, i) => i);
  return {
    config,
    layers,
    methods: o.methods ?? ALL_METHODS,
    steps: o.steps ?? config.evaluation.gd?.steps ?? GD_DEFAULTS.steps,
    lr: o.lr ?? config.evaluation.gd?.lr ?? GD_DEFAULTS.lr,
    gdBatch: o.gdBatchSize ?? config.evaluation.gd?.batchSize ?? GD_DEFAULTS.batchSize,
    ganBatch: o.ganBatchSize ?? config.training.batchSize,
    seed: o.seed ?? 0,
    timingRuns: o.ganTimingRuns ?? 10,
    testNames,
    count,
    imageIds: indices.map((i) => source.id(i)),
    originals: await source.batch(indices),
  };
}

export interface LayerEvaluation {
  result: LayerResult;
  /** Each evaluated method's reconstructions [N,3,H,W]. */
  byMethod: Map<MethodKind, HostTensor>;
}

/**
 * One layer with some of the context's methods (all of them in `evaluate`; a sweep item runs a subset). Results come
 * in ALL_METHODS order.
 */
export async function evaluateLayer(ctx: EvaluationContext, layer: string, methods: readonly MethodKind[], o: Pick<EvaluateOptions, 'runs' | 'train' | 'training' | 'session' | 'signal' | 'onProgress'>): Promise<LayerEvaluation> {
  const { config, originals, count, seed, timingRuns, ganBatch, gdBatch, steps, lr } = ctx;
  const check = (): void => {
    if (o.signal?.aborted) throw cancelledError('Evaluation');
  };
  check();
  const say = (method: EvaluateProgress['method'], message: string, fraction?: number): void =>
    o.onProgress?.({ layer, method, message, ...(fraction !== undefined ? { fraction } : {}) });
  say('setup', `${layer}: opening the test networks`);
  const self = await openProbe('extractor', config.extractor, layer, o.session);
  const probes: Probe[] = [];
  for (const t of ctx.testNames) probes.push(await openProbe(t, config.testNetworks[t]!, layer, o.session));
  const origActs = new Map<Probe, HostTensor>();
  for (const p of [self, ...probes]) origActs.set(p, await p.activations(originals));

  const byMethod = new Map<MethodKind, HostTensor>();
  const results: MethodResult[] = [];
  const measure = async (kind: MethodKind, r: Reconstruction): Promise<void> => {
    byMethod.set(kind, r.recon);
    const metrics = [];
    for (const p of probes) metrics.push(compareAt(p, await p.activations(r.recon), origActs.get(p)!));
    const own = compareAt(self, await self.activations(r.recon), origActs.get(self)!);
    results.push({
      kind,
      label: METHOD_LABELS[kind],
      seconds: r.seconds,
      secondsPerImage: r.seconds / count,
      timingRuns: r.timingRuns,
      metrics,
      extractor: { cosine: own.cosine, l1: own.l1 },
      ...r.extra,
    });
  };

  const needsGan = methods.includes('gan-stitch') || methods.includes('gan-direct-copy');
  const choice = needsGan
    ? await stitchRunFor(config, layer, {
        ...(o.runs ? { runs: o.runs } : {}),
        ...(o.train !== undefined ? { train: o.train } : {}),
        ...(o.training ? { training: o.training } : {}),
        ...(o.session ? { session: o.session } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        onProgress: (p: StitchProgress) => say('gan-stitch', `${layer}: training the stitch — ${p.message}`, p.totalSteps ? p.step / p.totalSteps : undefined),
      })
    : null;
  const setup = choice ? await loadStitchSetup(config, { from: choice.run.pair.fromTensor, to: choice.run.pair.toTensor }) : needsGan ? await loadStitchSetup(config, pairFor(config, layer)) : null;
  const ganInfo = setup ? { generatorLayer: choice?.run.pair.to ?? setup.models.pair.toName } : {};

  if (methods.includes('gan-stitch')) {
    if (!choice) {
      say('gan-stitch', `${layer}: no trained stitch run (training is off); skipping the GAN method`);
    } else {
      say('gan-stitch', `${layer}: stitch reconstructions (${timingRuns} timed passes)`);
      const r = await openReconstructor({ setup: setup!, weight: choice.run.weight, bias: choice.run.bias, ...(o.session ? { session: o.session } : {}) });
      const g = await ganPasses(r, originals, ganBatch, seed, timingRuns, check);
      await measure('gan-stitch', { ...g, timingRuns, extra: { ...ganInfo, run: choice.run.dir, ...(choice.trained ? { note: 'trained for this evaluation' } : {}) } });
    }
  }
  if (methods.includes('gan-direct-copy') && setup) {
    const [cx] = setup.models.pair.fromShape;
    const [cy] = setup.models.pair.toShape;
    say('gan-direct-copy', `${layer}: direct-copy reconstructions`);
    const r = await openReconstructor({
      setup,
      ...(cx === cy ? { directCopy: true } : channelCopy(cx, cy)),
      ...(o.session ? { session: o.session } : {}),
    });
    const g = await ganPasses(r, originals, ganBatch, seed, timingRuns, check);
    const note = cx === cy ? undefined : `${cx} → ${cy} channels: copies the first ${Math.min(cx, cy)}${cy > cx ? ', zeros the rest' : ''}`;
    await measure('gan-direct-copy', { ...g, timingRuns, extra: { ...ganInfo, ...(note ? { note } : {}) } });
  }
  for (const kind of ['gd-reg', 'gd-none'] as const) {
    if (!methods.includes(kind)) continue;
    const reg = kind === 'gd-reg' ? 'fourier-jitter' : 'none';
    const extractor = await loadAnalysed(config.extractor.model, config.extractor.inputSize);
    const r = await invertGd(
      {
        extractor: extractor.model,
        inputName: config.extractor.input,
        inputSize: config.extractor.inputSize,
        mean: config.extractor.mean,
        std: config.extractor.std,
        layerTensor: self.tensor,
      },
      originals,
      {
        reg,
        steps,
        lr,
        batchSize: gdBatch,
        seed: deriveSeed(seed, kind),
        firstIndex: ctx.firstIndex ?? 0,
        ...(o.session ? { session: o.session } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        onProgress: (p) => {
          if (p.step % 16 === 0 || p.step === p.steps) {
            say(kind, `${layer}: ${METHOD_LABELS[kind]} images ${p.imagesDone + 1}–${Math.min(p.images, p.imagesDone + gdBatch)}/${p.images}, step ${p.step}/${p.steps}, L1 ${p.loss.toFixed(4)}`, (p.imagesDone + (p.step / p.steps) * Math.min(gdBatch, p.images - p.imagesDone)) / p.images);
          }
        },
      },
    );
    await measure(kind, { recon: r.reconstructions, seconds: r.seconds, timingRuns: 1, extra: { lossCurve: r.lossCurve } });
  }
  if (methods.includes('random')) {
    const rng = new SeededRandom(deriveSeed(seed, 'random-images', layer));
    const data = new Float32Array((originals.data as Float32Array).length);
    for (let i = 0; i < data.length; i++) data[i] = rng.next();
    await measure('random', { recon: { dtype: 'float32', dims: [...originals.dims], data }, seconds: 0, timingRuns: 1 });
  }
  return { result: { layer, tensor: self.tensor, shape: self.shape, methods: results, grid: '', gridRows: [] }, byMethod };
}

/** The report around per-layer results, in the context's layer order. */
export function assembleEvaluation(ctx: EvaluationContext, layers: readonly LayerEvaluation[], session: SessionOptions | undefined): Evaluation {
  const { config } = ctx;
  const images: Evaluation['images'] = new Map();
  for (const l of layers) images.set(l.result.layer, { originals: ctx.originals, byMethod: l.byMethod });
  const layerResults = layers.map((l) => l.result);
  return {
    report: {
      title: `${config.name}: inverting ${config.extractor.model.split('/').pop()} — GAN stitch vs gradient descent`,
      config: config.file,
      created: new Date().toISOString(),
      settings: {
        images: ctx.count,
        imageIds: ctx.imageIds,
        steps: ctx.steps,
        lr: ctx.lr,
        gdBatchSize: ctx.gdBatch,
        ganBatchSize: ctx.ganBatch,
        seed: ctx.seed,
        ganTimingRuns: ctx.timingRuns,
        testNetworks: ctx.testNames,
      },
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        provider: session?.provider ?? 'cpu',
        threads: session?.threads ?? 0,
        node: process.version,
      },
      layers: layerResults,
      speedups: speedups(layerResults),
      plot: '',
    },
    images,
  };
}

export async function evaluate(o: EvaluateOptions): Promise<Evaluation> {
  const ctx = await prepareEvaluation(o);
  const layers: LayerEvaluation[] = [];
  for (const layer of ctx.layers) layers.push(await evaluateLayer(ctx, layer, ctx.methods, o));
  return assembleEvaluation(ctx, layers, o.session);
}

/** GD seconds ÷ stitch seconds per layer, summarised over layers. */
export function speedups(layers: readonly LayerResult[]): Speedup[] {
  const out: Speedup[] = [];
  for (const versus of ['gd-reg', 'gd-none'] as const) {
    const ratios: number[] = [];
    for (const l of layers) {
      const gan = l.methods.find((m) => m.kind === 'gan-stitch');
      const gd = l.methods.find((m) => m.kind === versus);
      if (gan && gd && gan.seconds > 0) ratios.push(gd.seconds / gan.seconds);
    }
    if (ratios.length) {
      const s = summarize(ratios);
      out.push({ versus, min: s.min, mean: s.mean, max: s.max });
    }
  }
  return out;
}
