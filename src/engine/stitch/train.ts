/**
 * Trains the 1x1 stitching convolution (§3.1 of Herdt et al.): both networks frozen, L1 loss at LayerX, Adam.
 * Per epoch: validation cosine similarity and L1, an atomic checkpoint, the best epoch kept by validation cosine.
 * Resumable from the last checkpoint; cancellable at any step without losing it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GanLensConfig, PairConfig } from '../config/types';
import type { StitchEpoch } from '../../protocol/stitch';
import { openSource, type ImageSource } from '../image-sources/index';
import { buildGradient } from '../autodiff/builder';
import { openPrivateSession, withSessionScope, type RunnableSession, type SessionOptions, type SessionScope } from '../runtime/session';
import { accumulateMeanGradients, runChunked, type ChunkPlan } from '../runtime/chunked-run';
import { formatGB } from '../model/memory-budget';
import { describePair, planStitchChunk, stitchHostBytesPerSample, stitchKnownShapes } from './memory-plan';
import { writeModel } from '../onnx/io';
import { encodeGridPng, resizeBilinear, unstackImage } from '../runtime/image';
import { f32, type HostTensor } from '../onnx/tensor';
import { compareActivations, summarize } from '../metrics/activations';
import { generatorFeeds, planGeneratorInputs } from '../generator/feeds';
import { SeededRandom, deriveSeed } from '../util/random';
import { writeFileAtomic } from '../util/atomic';
import { cancelledError } from '../util/errors';
import { buildConvModel, buildExtractModel, buildGeneratedPairsModel, buildTrainingForward, STITCH_TENSORS } from './graphs';
import { loadStitchSetup, type StitchSetup } from './setup';
import { pairedRows } from './host-ops';
import { normalizeBatch } from '../model/normalize';
import { LinearFitAccumulator } from './least-squares';
import { adamUpdate } from '../optim/adam-step';
import { hasCheckpoint, readCheckpoint, writeCheckpoint, type Checkpoint, type CheckpointState } from './checkpoint';
import { prepareRunFolder } from './run-guard';
import { readResumeMetrics } from './resume-metrics';
import { requireFinite } from './divergence';
import { recordRunHashes } from './run-hashes';

export interface StitchProgress {
  phase: 'setup' | 'init' | 'train' | 'validate' | 'done';
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  loss?: number;
  samplesPerSecond?: number;
  etaSeconds?: number;
  message: string;
}

/** The per-epoch metrics the protocol sends, plus what only metrics.json keeps. */
export interface EpochMetrics extends StitchEpoch {
  valL1Std: number;
}

export interface StitchOptions {
  config: GanLensConfig;
  pair: PairConfig;
  outDir: string;
  resume?: boolean;
  /** Replace a run already in outDir (without it, a fresh run into a trained folder is refused). */
  overwrite?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: StitchProgress) => void;
  session?: SessionOptions;
  /** Overrides of the config's training section. */
  epochs?: number;
  samplesPerEpoch?: number;
  validationSize?: number;
  init?: 'closed-form' | 'random' | 'zeros';
  /** Generated images used for the closed-form fit (default 64). */
  initSamples?: number;
  /** Steps between mid-epoch checkpoints (default 100). */
  checkpointEvery?: number;
  /** With to: 'auto', stitch this many sampling steps away from the same distance (+1: closer to the output). */
  offset?: number;
}

export interface StitchResult {
  outDir: string;
  pair: { from: string; to: string; fromTensor: string; toTensor: string; fromShape: number[]; toShape: number[] };
  initial: { cosine: number; l1: number };
  epochs: EpochMetrics[];
  bestEpoch: number;
  best: { cosine: number; l1: number };
}

interface Validation {
  source: ImageSource;
  indices: number[];
  images: HostTensor;
  a: HostTensor;
  feeds: Record<string, HostTensor>;
}

const LAST = 'checkpoints/last';
const BEST = 'checkpoints/best';

/** Trains in a session scope of its own: every session it opens is released when it ends, however it ends. */
export function trainStitch(o: StitchOptions): Promise<StitchResult> {
  return withSessionScope((scope) => trainInScope(scope, o));
}

/** What one training run holds open: sources, graphs, sessions, the validation set and how to report. */
interface Training {
  o: StitchOptions;
  cfg: GanLensConfig;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  totalSteps: number;
  cx: number;
  cy: number;
  setup: StitchSetup;
  train: ImageSource;
  chunk: number;
  step: RunnableSession;
  evalSession: RunnableSession;
  grad: { loss: string; grads: Record<string, string> };
  plans: ReturnType<typeof planGeneratorInputs>;
  chunkOf: (n: number) => ChunkPlan;
  extractA: (images: HostTensor) => Promise<HostTensor>;
  validation: Validation;
  valCount: number;
  pairInfo: StitchResult['pair'];
  metricsFile: string;
  report: (p: StitchProgress) => void;
  check: () => void;
}

/** Where training starts: the conv, its optimiser state, the epochs so far and the initial validation. */
interface Start {
  ckpt: Checkpoint;
  history: EpochMetrics[];
  initial: { cosine: number; l1: number };
}

async function trainInScope(scope: SessionScope, o: StitchOptions): Promise<StitchResult> {
  const tr = await openTraining(scope, o);
  const { ckpt, history, initial } = o.resume && hasCheckpoint(join(o.outDir, LAST)) ? await resume(tr) : await start(tr);
  const state: CheckpointState = ckpt.state;
  const clock = { started: Date.now(), steps: 0 };
  for (let epoch = state.epoch; epoch < tr.epochs; epoch++) {
    const epochStart = Date.now();
    const loss = await trainEpoch(tr, ckpt, epoch, clock);
    history.push(await endEpoch(tr, ckpt, epoch, loss, epochStart));
    writeFileAtomic(tr.metricsFile, JSON.stringify({ pair: tr.pairInfo, initial, epochs: history, bestEpoch: state.bestEpoch }, null, 2));
    recordRunHashes(o.outDir, { extractor: tr.cfg.extractor.model, generator: tr.cfg.generator.model });
  }
  const bestEpoch = state.bestEpoch ?? tr.epochs - 1;
  const best = history.find((e) => e.epoch === bestEpoch) ?? history[history.length - 1]!;
  tr.report({ phase: 'done', epoch: tr.epochs, epochs: tr.epochs, step: state.step, totalSteps: tr.totalSteps, message: `Done: validation cosine ${best.valCosine.toFixed(3)} (initial ${initial.cosine.toFixed(3)})` });
  return { outDir: o.outDir, pair: tr.pairInfo, initial, epochs: history, bestEpoch, best: { cosine: best.valCosine, l1: best.valL1 } };
}

/** Prepares the run folder, plans memory, opens the sessions, writes run.json and fixes the validation set. */
async function openTraining(scope: SessionScope, o: StitchOptions): Promise<Training> {
  const cfg = o.config;
  const t = cfg.training;
  const epochs = o.epochs ?? t.epochs;
  const batch = t.batchSize;
  const report = (p: StitchProgress): void => o.onProgress?.(p);
  const check = (): void => {
    if (o.signal?.aborted) throw cancelledError('Stitch training');
  };
  prepareRunFolder(o.outDir, { resume: o.resume === true, overwrite: o.overwrite === true });
  mkdirSync(o.outDir, { recursive: true });
  report({ phase: 'setup', epoch: 0, epochs, step: 0, totalSteps: 0, message: 'Reading and analysing the models' });

  const setup = await loadStitchSetup(cfg, o.pair, o.offset ?? 0);
  const { models } = setup;
  const [cx] = models.pair.fromShape;
  const [cy] = models.pair.toShape;
  const train = openSource(cfg.data.train, cfg.extractor.inputSize);
  const val = openSource(cfg.data.val, cfg.extractor.inputSize);
  const perEpoch = Math.max(batch, Math.min(o.samplesPerEpoch ?? t.samplesPerEpoch ?? train.count, train.count));
  const batchesPerEpoch = Math.floor(perEpoch / batch);
  const totalSteps = batchesPerEpoch * epochs;

  const extractModel = buildExtractModel(models.extractor, models.pair);
  const forward = buildTrainingForward(models);
  const grad = buildGradient(forward.model, { loss: STITCH_TENSORS.loss, wrt: [STITCH_TENSORS.weight, STITCH_TENSORS.bias] });
  const valCount = Math.min(o.validationSize ?? t.validationSize, val.count);
  const host = { perSampleBytes: stitchHostBytesPerSample(models), fixedBytes: valCount * stitchHostBytesPerSample(models) };
  const graphs = { graphs: [extractModel, grad.model, forward.model], wanted: batch };
  const memory = planStitchChunk(`Stitch training ${describePair(models)}`, graphs, stitchKnownShapes(setup), host, o.session?.memoryBudgetGB);
  const chunk = memory.batch;
  report({ phase: 'setup', epoch: 0, epochs, step: 0, totalSteps: 0, message: `Memory: ${chunk} of ${batch} samples per run, about ${formatGB(memory.estimateBytes)} of a ${formatGB(memory.budgetBytes)} budget` });
  const extract = await scope.session(extractModel, o.session);
  const step = await scope.session(grad.model, o.session);
  const evalSession = await scope.session(forward.model, o.session);
  const plans = planGeneratorInputs(forward.generatorInputs, 'g/', setup.generatorAnalysis.summary.inputs, cfg.generator, cfg.generator.model);
  const batched = new Set([STITCH_TENSORS.a, ...forward.generatorInputs, cfg.extractor.input]);
  const chunkOf = (n: number): ChunkPlan => ({ n, chunk, batched });

  const pairInfo = {
    from: models.pair.fromName,
    to: models.pair.toName,
    fromTensor: models.pair.from.tensor,
    toTensor: models.pair.to.tensor,
    fromShape: models.pair.fromShape,
    toShape: models.pair.toShape,
  };
  writeFileAtomic(join(o.outDir, 'run.json'), JSON.stringify({ config: cfg.file, pair: pairInfo, training: { ...t, epochs, samplesPerEpoch: perEpoch }, generatorInputs: plans.map((p) => ({ name: p.feedName, kind: p.kind, shape: p.shape })) }, null, 2));

  const extractA = async (images: HostTensor): Promise<HostTensor> =>
    (await runChunked(extract, { [cfg.extractor.input]: normalizeBatch(images, cfg.extractor.mean, cfg.extractor.std) }, [models.pair.from.tensor], chunkOf(images.dims[0]!)))[models.pair.from.tensor]!;

  // Validation set: fixed images and fixed generator inputs, so epochs are comparable.
  const valIndices = Array.from({ length: valCount }, (_, i) => i);
  const valImages = await val.batch(valIndices);
  const validation: Validation = {
    source: val,
    indices: valIndices,
    images: valImages,
    a: await extractA(valImages),
    feeds: generatorFeeds(plans, valCount, new SeededRandom(deriveSeed(t.seed, 'validation')), cfg.generator.noise.mode),
  };
  const metricsFile = join(o.outDir, 'metrics.json');
  return { o, cfg, epochs, batch, batchesPerEpoch, totalSteps, cx, cy, setup, train, chunk, step, evalSession, grad, plans, chunkOf, extractA, validation, valCount, pairInfo, metricsFile, report, check };
}

const validateConv = (tr: Training, c: Checkpoint): ReturnType<typeof validate> => validate(tr.evalSession, tr.validation, c, tr.setup.models.pair.from.tensor, tr.chunkOf(tr.valCount));

/** Resumes from the last checkpoint, re-validating an epoch whose metrics a crash lost. */
async function resume(tr: Training): Promise<Start> {
  const { o, cfg, cx, cy, metricsFile } = tr;
  const ckpt = readCheckpoint(join(o.outDir, LAST), { cx, cy });
  const saved = readResumeMetrics(metricsFile, ckpt.state.epoch);
  // A kill between the best checkpoint and its hashes leaves them stale: resuming re-records them.
  recordRunHashes(o.outDir, { extractor: cfg.extractor.model, generator: cfg.generator.model });
  const history = saved.history;
  const finished = ckpt.state.epoch - 1;
  const lost = finished >= 0 && ckpt.state.batchInEpoch === 0 && !history.some((e) => e.epoch === finished);
  // A crash between the checkpoint and the metrics write loses that epoch's entry: validate the checkpoint again.
  if (saved.initial && !lost) return { ckpt, history, initial: saved.initial };
  const v = await validateConv(tr, ckpt);
  if (lost) history.push({ epoch: finished, step: ckpt.state.step, samplesSeen: ckpt.state.samplesSeen, trainLoss: NaN, valCosine: v.cosine, valCosineStd: v.cosineStd, valL1: v.l1, valL1Std: v.l1Std, seconds: 0 });
  const initial = saved.initial ?? { cosine: NaN, l1: NaN };
  writeFileAtomic(metricsFile, JSON.stringify({ pair: tr.pairInfo, initial, epochs: history, bestEpoch: ckpt.state.bestEpoch }, null, 2));
  return { ckpt, history, initial };
}

/** A fresh run: the initial conv, its validation and the first checkpoint. */
async function start(tr: Training): Promise<Start> {
  const { o, cfg, cx, cy } = tr;
  const t = cfg.training;
  tr.check();
  tr.report({ phase: 'init', epoch: 0, epochs: tr.epochs, step: 0, totalSteps: tr.totalSteps, message: `Initialising the 1x1 conv (${o.init ?? t.init})` });
  const init = await initialConv(tr.setup, o.init ?? t.init, o.initSamples ?? 64, { ...o, chunk: tr.chunk }, cx, cy);
  const ckpt: Checkpoint = {
    state: { epoch: 0, batchInEpoch: 0, step: 0, samplesSeen: 0, bestCosine: null, bestEpoch: null },
    weight: init.weight,
    bias: init.bias,
    weightDims: [cy, cx, 1, 1],
    m: { weight: new Float32Array(init.weight.length), bias: new Float32Array(cy) },
    v: { weight: new Float32Array(init.weight.length), bias: new Float32Array(cy) },
  };
  const v0 = await validateConv(tr, ckpt);
  const initial = { cosine: v0.cosine, l1: v0.l1 };
  writeFileAtomic(tr.metricsFile, JSON.stringify({ pair: tr.pairInfo, initial, epochs: [] }, null, 2));
  writeCheckpoint(join(o.outDir, LAST), ckpt);
  return { ckpt, history: [], initial };
}

/** The epoch's remaining steps (from the checkpoint's batch when resuming into it); returns the mean loss. */
async function trainEpoch(tr: Training, ckpt: Checkpoint, epoch: number, clock: { started: number; steps: number }): Promise<number> {
  const { o, cfg, batch } = tr;
  const t = cfg.training;
  const state = ckpt.state;
  const order = new SeededRandom(deriveSeed(t.seed, 'order', epoch)).permutation(tr.train.count);
  let lossSum = 0;
  let lossCount = 0;
  for (let b = epoch === state.epoch ? state.batchInEpoch : 0; b < tr.batchesPerEpoch; b++) {
    if (o.signal?.aborted) {
      // A pause loses nothing: the state between two steps is a complete checkpoint.
      writeCheckpoint(join(o.outDir, LAST), ckpt);
      tr.check();
    }
    const idx = order.slice(b * batch, (b + 1) * batch);
    const loss = await trainStep(tr, ckpt, epoch, b, idx);
    state.samplesSeen += idx.length;
    state.epoch = epoch;
    state.batchInEpoch = b + 1;
    lossSum += loss;
    lossCount++;
    clock.steps++;
    const elapsed = (Date.now() - clock.started) / 1000;
    const perStep = elapsed / clock.steps;
    tr.report({
      phase: 'train',
      epoch,
      epochs: tr.epochs,
      step: state.step,
      totalSteps: tr.totalSteps,
      loss,
      samplesPerSecond: (clock.steps * batch) / elapsed,
      etaSeconds: perStep * (tr.totalSteps - state.step),
      message: `epoch ${epoch + 1}/${tr.epochs} step ${state.step}/${tr.totalSteps} loss ${loss.toFixed(4)}`,
    });
    if (state.step % (o.checkpointEvery ?? 100) === 0) writeCheckpoint(join(o.outDir, LAST), ckpt);
  }
  return lossCount ? lossSum / lossCount : NaN;
}

/** One Adam step of the conv on a batch of training images; stops on a non-finite loss. */
async function trainStep(tr: Training, ckpt: Checkpoint, epoch: number, b: number, idx: number[]): Promise<number> {
  const { cfg, cy, grad } = tr;
  const t = cfg.training;
  const state = ckpt.state;
  const images = await tr.train.batch(idx);
  const a = await tr.extractA(images);
  const rng = new SeededRandom(deriveSeed(t.seed, 'latents', epoch, b));
  const feeds = {
    ...generatorFeeds(tr.plans, idx.length, rng, cfg.generator.noise.mode),
    [STITCH_TENSORS.a]: a,
    [STITCH_TENSORS.weight]: f32(ckpt.weightDims, ckpt.weight),
    [STITCH_TENSORS.bias]: f32([cy], ckpt.bias),
  };
  const out = await accumulateMeanGradients(tr.step, feeds, grad.loss, [grad.grads[STITCH_TENSORS.weight]!, grad.grads[STITCH_TENSORS.bias]!], tr.chunkOf(idx.length));
  const loss = out.loss;
  requireFinite(loss, 'training loss', { epoch, step: state.step + 1, lr: t.optimizer.lr, configFile: cfg.file });
  state.step++;
  adamUpdate(ckpt.weight, out.grads[0]!, ckpt.m.weight, ckpt.v.weight, state.step, t.optimizer);
  adamUpdate(ckpt.bias, out.grads[1]!, ckpt.m.bias, ckpt.v.bias, state.step, t.optimizer);
  return loss;
}

/** Validates the epoch, writes its samples grid and checkpoints (best: also stitch.onnx); returns its metrics. */
async function endEpoch(tr: Training, ckpt: Checkpoint, epoch: number, trainLoss: number, epochStart: number): Promise<EpochMetrics> {
  const { o, cfg } = tr;
  const state = ckpt.state;
  tr.check();
  tr.report({ phase: 'validate', epoch, epochs: tr.epochs, step: state.step, totalSteps: tr.totalSteps, message: `Validating epoch ${epoch + 1}` });
  const v = await validateConv(tr, ckpt);
  requireFinite(v.cosine, 'validation cosine', { epoch, step: state.step, lr: cfg.training.optimizer.lr, configFile: cfg.file });
  const m: EpochMetrics = {
    epoch,
    step: state.step,
    samplesSeen: state.samplesSeen,
    trainLoss,
    valCosine: v.cosine,
    valCosineStd: v.cosineStd,
    valL1: v.l1,
    valL1Std: v.l1Std,
    seconds: (Date.now() - epochStart) / 1000,
  };
  await writeSamples(join(o.outDir, 'samples', `epoch-${String(epoch + 1).padStart(3, '0')}.png`), tr.validation.images, v.reconstructions, cfg.extractor.inputSize);
  state.epoch = epoch + 1;
  state.batchInEpoch = 0;
  if (state.bestCosine === null || v.cosine > state.bestCosine) {
    state.bestCosine = v.cosine;
    state.bestEpoch = epoch;
    writeCheckpoint(join(o.outDir, BEST), ckpt);
    writeModel(join(o.outDir, 'stitch.onnx'), buildConvModel(tr.setup.models.pair, ckpt.weight, ckpt.bias));
  }
  writeCheckpoint(join(o.outDir, LAST), ckpt);
  return m;
}

async function validate(
  session: RunnableSession,
  v: Validation,
  c: Checkpoint,
  fromTensor: string,
  plan: ChunkPlan,
): Promise<{ cosine: number; cosineStd: number; l1: number; l1Std: number; reconstructions: HostTensor }> {
  const [cy] = [c.bias.length];
  const out = await runChunked(
    session,
    { ...v.feeds, [STITCH_TENSORS.a]: v.a, [STITCH_TENSORS.weight]: f32(c.weightDims, c.weight), [STITCH_TENSORS.bias]: f32([cy], c.bias) },
    [`x/${fromTensor}`, STITCH_TENSORS.image01],
    plan,
  );
  const aPrime = out[`x/${fromTensor}`]!;
  const ms = compareActivations(aPrime.data as Float32Array, v.a.data as Float32Array, v.a.dims);
  const cos = summarize(ms.map((m) => m.cosine));
  const l1 = summarize(ms.map((m) => m.l1));
  return { cosine: cos.mean, cosineStd: cos.std, l1: l1.mean, l1Std: l1.std, reconstructions: out[STITCH_TENSORS.image01]! };
}

async function writeSamples(file: string, originals: HostTensor, recon: HostTensor, size: [number, number]): Promise<void> {
  const n = Math.min(8, originals.dims[0]!);
  const top = Array.from({ length: n }, (_, i) => unstackImage(originals, i));
  const bottom = Array.from({ length: n }, (_, i) => {
    const r = unstackImage(recon, i);
    return r.dims[1] === size[0] && r.dims[2] === size[1] ? r : resizeBilinear(r, size[0], size[1]);
  });
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileAtomic(file, await encodeGridPng([...top, ...bottom], { cols: n }));
}

/** The conv's starting point: least squares on generated images (closed form), small random, or zeros. */
async function initialConv(
  setup: StitchSetup,
  mode: 'closed-form' | 'random' | 'zeros',
  samples: number,
  o: StitchOptions & { chunk: number },
  cx: number,
  cy: number,
): Promise<{ weight: Float32Array; bias: Float32Array }> {
  const seed = setup.config.training.seed;
  if (mode === 'zeros') return { weight: new Float32Array(cy * cx), bias: new Float32Array(cy) };
  if (mode === 'random') {
    // PyTorch's default Conv2d init for a 1x1 kernel: U(−1/√cx, 1/√cx) for weight and bias.
    const rng = new SeededRandom(deriveSeed(seed, 'conv-init'));
    const bound = 1 / Math.sqrt(cx);
    return {
      weight: Float32Array.from({ length: cy * cx }, () => (rng.next() * 2 - 1) * bound),
      bias: Float32Array.from({ length: cy }, () => (rng.next() * 2 - 1) * bound),
    };
  }
  return closedFormConv(setup, samples, o);
}

/**
 * Closed-form initialisation: the generator's own LayerY activations regressed on the extractor's LayerX activations
 * of the generated images (ridge least squares), so the conv starts where the generator would have put things.
 */
async function closedFormConv(
  setup: StitchSetup,
  samples: number,
  o: Pick<StitchOptions, 'session' | 'signal'> & { chunk?: number },
): Promise<{ weight: Float32Array; bias: Float32Array }> {
  const session = await openPrivateSession(buildGeneratedPairsModel(setup.models), o.session);
  try {
    return await fitGeneratedPairs(setup, session, samples, o.chunk ?? setup.config.training.batchSize, o.signal);
  } finally {
    await session.release();
  }
}

async function fitGeneratedPairs(setup: StitchSetup, session: RunnableSession, samples: number, chunk: number, signal?: AbortSignal): Promise<{ weight: Float32Array; bias: Float32Array }> {
  const { models, config } = setup;
  const plans = planGeneratorInputs(session.inputNames, 'g/', setup.generatorAnalysis.summary.inputs, config.generator, config.generator.model);
  const [cx] = models.pair.fromShape;
  const [cy] = models.pair.toShape;
  const acc = new LinearFitAccumulator(cx, cy);
  const rng = new SeededRandom(deriveSeed(config.training.seed, 'closed-form'));
  // Latents are drawn per training batch whatever the chunk, so the fit does not depend on the memory budget.
  const batch = config.training.batchSize;
  const batched = new Set(plans.map((p) => p.feedName));
  const outputs = [`g/${models.pair.to.tensor}`, `x/${models.pair.from.tensor}`];
  for (let done = 0; done < samples; done += batch) {
    if (signal?.aborted) throw cancelledError('Stitch initialisation');
    const n = Math.min(batch, samples - done);
    const out = await runChunked(session, generatorFeeds(plans, n, rng, config.generator.noise.mode), outputs, { n, chunk, batched });
    const rows = pairedRows(out[outputs[1]!]!, out[outputs[0]!]!);
    acc.addChannelMajor(rows.a, rows.b, rows.rows);
  }
  return acc.solve(1e-3);
}

