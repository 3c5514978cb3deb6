/**
 * Two-step inversion of target images into a generator layer (Pividori et al. 2019, §3.3):
 *   step 1  z* = argmin_z L(x, G2(G1(z))) + λ1‖z‖²
 *   step 2  δ* = argmin_δ L(x, G2(G1(z*) + δ)) + λ2‖δ‖₁,   h* = G1(z*) + δ*
 * with L = λ_mse·MSE + λ_feat·‖C(x) − C(x̂)‖². Gradients from one ONNX graph per step kind; the latent step runs
 * Adam on the host, the δ step Adam or OWL-QN (L-BFGS for the L1-regularised objective; docs/generator-inversion.md
 * has the comparison).
 * Every image starts from its own seeded z, and the loss is a sum over images, so a result does not depend on the
 * batch it ran in.
 */
import { buildGradient, type GradientModel } from '../autodiff/builder';
import { openSession, type RunnableSession, type SessionOptions } from '../runtime/session';
import { f32, type HostTensor } from '../onnx/tensor';
import { adamUpdate, type AdamHyper } from '../optim/adam-step';
import { owlqn } from '../optim/owlqn';
import { badInput, cancelledError, formatShape } from '../util/errors';
import {buildDeltaStepForward, buildFeatureModel, buildLatentStepForward, INVERSION_TENSORS, type LossWeights } from './graphs';
import { batchFeeds, batchRow, imageFeeds, stackBatch } from './feeds';
import type { InversionSetup } from './setup';
import { deriveSeed } from '../util/random';
import { loadAnalysed } from '../model/loaded';
import { calibratedChunks } from '../runtime/calibrated-chunks';
import { schedule, type ScheduleSpec } from '../optim/schedule';
import { graphMemory, knownShapes, planBatch, type GraphMemory, type KnownShapes } from '../model/memory-budget';

export type LrDecay = 'none' | 'cosine' | 'exponential';
/** The δ step's optimiser: Adam (lr, decay, `stepsDelta` steps) or OWL-QN (`stepsDelta` evaluations, no lr). */
export type DeltaOptimizer = 'adam' | 'lbfgs';

export interface InversionOptions {
  stepsZ: number;
  stepsDelta: number;
  lrZ: number;
  lrDelta: number;
  /** Default 'adam'. */
  deltaOptimizer?: DeltaOptimizer;
  /** Correction pairs OWL-QN keeps per image (default 20). */
  lbfgsHistory?: number;
  /** Learning-rate schedule within each step: cosine or exponential decay to lr·decayTo (default none). */
  decay?: LrDecay;
  decayTo?: number;
  weights: LossWeights;
  seed: number;
  /** Starting points of the latent step per image (default 1); each image keeps the best. */
  restarts?: number;
  /**
   * With restarts: steps every starting point runs before each image keeps its best one, which then runs the rest
   * of `stepsZ` alone (default: all of `stepsZ`, i.e. every start runs to the end).
   */
  exploreSteps?: number;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (p: InversionProgress) => void;
}

/** Defaults measured on the demo world (docs/generator-inversion.md): 8 starts scouted for 50 steps find most z. */
export const DEFAULT_INVERSION: Omit<InversionOptions, 'seed'> = {
  stepsZ: 300,
  stepsDelta: 600,
  lrZ: 0.1,
  lrDelta: 0.1,
  deltaOptimizer: 'adam',
  decay: 'cosine',
  decayTo: 0.05,
  restarts: 8,
  exploreSteps: 50,
  weights: { mse: 1, feat: 1, z: 1e-6, delta: 1e-6 },
};

export interface InversionProgress {
  phase: 'latent' | 'delta';
  step: number;
  steps: number;
  /** Mean reconstruction error of the batch (without the regulariser). */
  error: number;
  message: string;
}

/** Per-image result. Tensors carry a batch dimension of 1. */
export interface ImageInversion {
  index: number;
  z: Record<string, HostTensor>;
  /** G1(z*). */
  h0: HostTensor;
  delta: HostTensor;
  /** h* = G1(z*) + δ*. */
  h: HostTensor;
  /** G(z*) and G2(h*) in [0,1], [3, H, W]. */
  imageZ: HostTensor;
  imageH: HostTensor;
  mseZ: number;
  mseH: number;
  /** The reconstruction error L (λ_mse·MSE + λ_feat·feature distance) at z* and at h*. */
  errorZ: number;
  errorH: number;
  /** Error after each step (sampled every few steps) for loss curves. */
  curveZ: number[];
  curveDelta: number[];
}

const ADAM: Omit<AdamHyper, 'lr'> = { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 };
const CURVE_POINTS = 50;

/** The learning rate at 0-based `step` of `steps`: decaying from `base` to base·decayTo at the last step. */
function learningRate(base: number, step: number, steps: number, decay: LrDecay = 'none', decayTo = 0.05): number {
  if (decay === 'none' || steps <= 1) return base;
  const spec: ScheduleSpec = decay === 'cosine' ? { kind: 'cosine', total: steps - 1, minLr: base * decayTo } : { kind: 'exponential', gamma: decayTo ** (1 / (steps - 1)) };
  return schedule(base, spec)(step + 1);
}

/** The compiled graphs of one setup and loss; reusable across batches. */
export interface Inverter {
  setup: InversionSetup;
  invert(targets: HostTensor, indices: readonly number[], o: InversionOptions): Promise<ImageInversion[]>;
}

interface StepGraph {
  grad: GradientModel;
  session: RunnableSession;
  memory: GraphMemory;
}

/**
 * Every output of these graphs is per row (losses are sums over images), so rows can run a chunk at a time with
 * the same results; `rowsPerRun` is the chunk the memory budget allows.
 */
interface RowRunner {
  rowsPerRun: number;
  run(session: RunnableSession, feeds: Record<string, HostTensor>, outputs: readonly string[], rows: number): Promise<Record<string, HostTensor>>;
}

function rowRunner(setup: InversionSetup, graphs: readonly GraphMemory[], rows: number, o: InversionOptions): RowRunner {
  const what = `Generator inversion of ${setup.config.generator.model} at ${setup.layerName}`;
  const plan = planBatch({ what, graphs }, rows, o.session?.memoryBudgetGB);
  // The estimate misses part of a large generator's backward pass (measured: BigGAN-128 took 1.6x its estimate per
  // row); each step graph's first run measures its real cost per row and lowers the chunk when it must.
  const chunks = calibratedChunks(plan.batch, plan.budgetBytes);
  return {
    rowsPerRun: plan.batch,
    run: (session, feeds, outputs, n) => chunks.run(session, feeds, outputs, n),
  };
}

export async function openInverter(setup: InversionSetup, weights: LossWeights, session?: SessionOptions): Promise<Inverter> {
  const { split, features, layerShape } = setup;
  const c = weights.feat > 0 ? features : undefined;
  const known = new Map([...knownShapes(setup.generatorAnalysis, 'g/'), ...(await featureShapes(setup))]);
  const latentForward = buildLatentStepForward(split, c, weights);
  const latent: StepGraph = await compile(latentForward, split.latents.map((l) => `g/${l}`), [INVERSION_TENSORS.recon, INVERSION_TENSORS.mse, INVERSION_TENSORS.image01, `g/${split.layer}`], known, session);
  const deltaForward = buildDeltaStepForward(split, c, weights, layerShape);
  const delta: StepGraph = await compile(deltaForward, [INVERSION_TENSORS.delta], [INVERSION_TENSORS.recon, INVERSION_TENSORS.mse, INVERSION_TENSORS.image01, INVERSION_TENSORS.h], known, session);
  const featureModel = c ? buildFeatureModel(c, split.outputSize) : undefined;
  const featureSession = featureModel ? await openSession(featureModel, session) : undefined;
  const featureMemory = featureModel ? graphMemory(featureModel) : undefined;
  return {
    setup,
    invert: (targets, indices, o) => invertBatch(setup, { latent, delta, featureSession, featureMemory }, targets, indices, o),
  };
}

/** Probed shapes of the feature network C under the `c/` prefix its part of the step graphs has. */
async function featureShapes(setup: InversionSetup): Promise<KnownShapes> {
  const f = setup.features;
  const net = f ? (f.network === 'extractor' ? setup.config.extractor : setup.config.testNetworks[f.network]) : undefined;
  if (!net) return new Map();
  return knownShapes((await loadAnalysed(net.model, net.inputSize)).analysis, 'c/');
}

async function compile(forward: ReturnType<typeof buildLatentStepForward>, wrt: string[], keep: string[], known: KnownShapes, session?: SessionOptions): Promise<StepGraph> {
  const grad = buildGradient(forward, { loss: INVERSION_TENSORS.loss, wrt, keep });
  return { grad, session: await openSession(grad.model, session), memory: graphMemory(grad.model, known) };
}

function checkTargets(setup: InversionSetup, targets: HostTensor, n: number): void {
  const [h, w] = setup.split.outputSize;
  const d = targets.dims;
  if (d.length !== 4 || d[1] !== 3 || d[2] !== h || d[3] !== w || d[0] !== n) {
    throw badInput(`Inversion targets have shape ${formatShape(d)}; the generator makes [${n}, 3, ${h}, ${w}] images.`, {
      shape: d,
      hint: 'Resize the images to the generator output size (folder sources do this when opened at that size).',
    });
  }
}

/** The feeds a session declares (onnxruntime rejects unknown names). */
function only(feeds: Record<string, HostTensor>, session: RunnableSession): Record<string, HostTensor> {
  return Object.fromEntries(Object.entries(feeds).filter(([k]) => session.inputNames.includes(k)));
}

function sampleEvery(steps: number): number {
  return Math.max(1, Math.ceil(steps / CURVE_POINTS));
}

/** Per-image regulariser on the host (matches the graph's): Σ x² or Σ |x| over the image's rows of `params`. */
function regulariser(params: readonly Float32Array[], n: number, kind: 'square' | 'abs'): Float64Array {
  const out = new Float64Array(n);
  for (const p of params) {
    const per = p.length / n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = i * per; j < (i + 1) * per; j++) s += kind === 'square' ? p[j]! * p[j]! : Math.abs(p[j]!);
      out[i]! += s;
    }
  }
  return out;
}

interface Loop {
  phase: InversionProgress['phase'];
  steps: number;
  /** Where these steps sit on the phase's learning-rate schedule (default: steps 0 … steps−1 of `steps`). */
  schedule?: { offset: number; total: number };
  lr: number;
  reg: { kind: 'square' | 'abs'; weight: number };
  /** Per-image reconstruction errors and gradients at the current parameter values. */
  evaluate(withGrads: boolean): Promise<{ recon: Float32Array; grads: Float32Array[] }>;
}

/**
 * Adam on `params` (updated in place, batch-first tensors). Each image keeps its best iterate by its own
 * objective (error + regulariser): Adam's first steps move every coordinate by about lr, which can leave an image
 * that started near its optimum slightly worse; the best iterate never is. Returns the per-image error curves.
 */
async function optimise(params: Float32Array[], n: number, loop: Loop, o: InversionOptions): Promise<number[][]> {
  const m = params.map((p) => new Float32Array(p.length));
  const v = params.map((p) => new Float32Array(p.length));
  const best = params.map((p) => p.slice());
  const bestObjective = new Float64Array(n).fill(Infinity);
  const curves: number[][] = Array.from({ length: n }, () => []);
  const every = sampleEvery(loop.steps);
  const keepBest = (recon: Float32Array): void => {
    const reg = regulariser(params, n, loop.reg.kind);
    for (let i = 0; i < n; i++) {
      const obj = recon[i]! + loop.reg.weight * reg[i]!;
      if (!(obj < bestObjective[i]!)) continue;
      bestObjective[i] = obj;
      params.forEach((p, k) => {
        const per = p.length / n;
        best[k]!.set(p.subarray(i * per, (i + 1) * per), i * per);
      });
    }
  };
  for (let s = 0; s < loop.steps; s++) {
    if (o.signal?.aborted) throw cancelledError('Generator inversion');
    const { recon, grads } = await loop.evaluate(true);
    keepBest(recon);
    if (s % every === 0) recon.forEach((x, i) => curves[i]!.push(x));
    const at = loop.schedule ?? { offset: 0, total: loop.steps };
    const lr = learningRate(loop.lr, at.offset + s, at.total, o.decay, o.decayTo);
    params.forEach((p, k) => adamUpdate(p, grads[k]!, m[k]!, v[k]!, s + 1, { ...ADAM, lr }));
    let sum = 0;
    for (const x of recon) sum += x;
    const step = (loop.schedule?.offset ?? 0) + s + 1;
    const steps = loop.schedule?.total ?? loop.steps;
    o.onProgress?.({ phase: loop.phase, step, steps, error: sum / n, message: `${loop.phase} step ${step}/${steps}` });
  }
  if (o.signal?.aborted) throw cancelledError('Generator inversion');
  keepBest((await loop.evaluate(false)).recon);
  params.forEach((p, k) => p.set(best[k]!));
  return curves;
}

/** g += λ·sign(δ): the gradient of λ‖δ‖₁ away from 0 (0 at 0, where Adam needs no push). */
function addL1Gradient(g: Float32Array, delta: Float32Array, l1: number): void {
  if (l1 === 0) return;
  for (let i = 0; i < g.length; i++) g[i] = g[i]! + l1 * Math.sign(delta[i]!);
}

/** The δ step by OWL-QN: `stepsDelta` evaluations of the graph; returns the per-image error curves. */
async function owlqnDelta(
  delta: Float32Array,
  n: number,
  run: (withGrads: boolean) => Promise<{ recon: Float32Array; grads: Float32Array[] }>,
  o: InversionOptions,
): Promise<number[][]> {
  const curves: number[][] = Array.from({ length: n }, () => []);
  const every = sampleEvery(o.stepsDelta);
  await owlqn(delta, n, async () => {
    const r = await run(true);
    return { loss: r.recon, grad: r.grads[0]! };
  }, {
    l1: o.weights.delta,
    evaluations: Math.max(1, o.stepsDelta),
    history: o.lbfgsHistory ?? 20,
    onEvaluation(evaluation, _objective, loss) {
      if ((evaluation - 1) % every === 0) loss.forEach((x, i) => curves[i]!.push(x));
      const error = loss.reduce((a, b) => a + b, 0) / n;
      o.onProgress?.({ phase: 'delta', step: evaluation, steps: o.stepsDelta, error, message: `delta evaluation ${evaluation}/${o.stepsDelta}` });
    },
  });
  if (o.signal?.aborted) throw cancelledError('Generator inversion');
  return curves;
}

async function invertBatch(
  setup: InversionSetup,
  graphs: { latent: StepGraph; delta: StepGraph; featureSession: RunnableSession | undefined; featureMemory: GraphMemory | undefined },
  targets: HostTensor,
  indices: readonly number[],
  o: InversionOptions,
): Promise<ImageInversion[]> {
  const n = indices.length;
  checkTargets(setup, targets, n);
  const { split } = setup;
  const noise = setup.config.generator.noise.mode;
  const perImage = indices.map((i) => imageFeeds(setup.plans, o.seed, i, noise));
  const restarts = Math.max(1, o.restarts ?? 1);
  const rows = n * restarts;
  const runner = rowRunner(setup, [graphs.latent.memory, graphs.delta.memory, ...(graphs.featureMemory ? [graphs.featureMemory] : [])], rows, o);
  const constFeeds: Record<string, HostTensor> = { [INVERSION_TENSORS.target]: targets };
  if (graphs.featureSession) {
    const out = await runner.run(graphs.featureSession, { [INVERSION_TENSORS.target]: targets }, graphs.featureSession.outputNames, n);
    constFeeds[INVERSION_TENSORS.targetFeatures] = Object.values(out)[0]!;
  }

  // Step 1: the latents, from `restarts` starting points per image (rows r·n + i), each image keeping its best.
  // Starting points are drawn apart from the inputs a generated target was sampled with (same seed, same index).
  const lat = graphs.latent;
  const latentNames = split.latents.map((l) => `g/${l}`);
  const starts = Array.from({ length: restarts }, (_, r) =>
    indices.map((i) => imageFeeds(setup.plans, r === 0 ? deriveSeed(o.seed, 'z-start') : deriveSeed(o.seed, 'z-start', r), i, noise)),
  ).flat();
  const repeated = (t: HostTensor): HostTensor => (restarts === 1 ? t : stackBatch(Array.from({ length: restarts }, () => t)));
  const fixedAll = batchFeeds(Array.from({ length: restarts }, () => perImage).flat(), 'g/', lat.session.inputNames.filter((x) => !latentNames.includes(x)));
  const constAll = Object.fromEntries(Object.entries(constFeeds).map(([k, t]) => [k, repeated(t)]));
  const zAll = batchFeeds(starts, 'g/', latentNames);
  const explore = restarts > 1 ? Math.min(o.stepsZ, Math.max(1, o.exploreSteps ?? o.stepsZ)) : o.stepsZ;
  const latentLoop = (feeds: () => Record<string, HostTensor>, z: Record<string, HostTensor>, steps: number, offset: number): Loop => ({
    phase: 'latent',
    steps,
    schedule: { offset, total: o.stepsZ },
    lr: o.lrZ,
    reg: { kind: 'square', weight: o.weights.z },
    async evaluate(withGrads) {
      const out = await runner.run(lat.session, only({ ...feeds(), ...z }, lat.session), [INVERSION_TENSORS.recon, ...(withGrads ? latentNames.map((k) => lat.grad.grads[k]!) : [])], z[latentNames[0]!]!.dims[0]!);
      return { recon: out[INVERSION_TENSORS.recon]!.data as Float32Array, grads: withGrads ? latentNames.map((k) => out[lat.grad.grads[k]!]!.data as Float32Array) : [] };
    },
  });
  const curvesAll = await optimise(latentNames.map((k) => zAll[k]!.data as Float32Array), rows, latentLoop(() => ({ ...fixedAll, ...constAll }), zAll, explore, 0), o);
  const fixed = batchFeeds(perImage, 'g/', lat.session.inputNames.filter((x) => !latentNames.includes(x)));
  let chosen = indices.map(() => 0);
  if (restarts > 1) {
    const out = await runner.run(lat.session, only({ ...fixedAll, ...constAll, ...zAll }, lat.session), [INVERSION_TENSORS.recon], rows);
    const recon = out[INVERSION_TENSORS.recon]!.data as Float32Array;
    const reg = regulariser(latentNames.map((k) => zAll[k]!.data as Float32Array), rows, 'square');
    const objective = (row: number): number => recon[row]! + o.weights.z * reg[row]!;
    chosen = indices.map((_, i) => Array.from({ length: restarts }, (_, r) => r).reduce((b, r) => (objective(r * n + i) < objective(b * n + i) ? r : b), 0));
  }
  const z = Object.fromEntries(latentNames.map((k) => [k, stackBatch(indices.map((_, i) => batchRow(zAll[k]!, chosen[i]! * n + i)))]));
  const curveZ = indices.map((_, i) => curvesAll[chosen[i]! * n + i]!);
  if (explore < o.stepsZ) {
    const rest = await optimise(latentNames.map((k) => z[k]!.data as Float32Array), n, latentLoop(() => ({ ...fixed, ...constFeeds }), z, o.stepsZ - explore, explore), o);
    rest.forEach((c, i) => curveZ[i]!.push(...c));
  }
  const latentFeeds = (): Record<string, HostTensor> => only({ ...fixed, ...constFeeds, ...z }, lat.session);
  const atZ = await runner.run(lat.session, latentFeeds(), [INVERSION_TENSORS.recon, INVERSION_TENSORS.mse, INVERSION_TENSORS.image01, `g/${split.layer}`], n);
  const h0 = atZ[`g/${split.layer}`]!;

  // Step 2: the displacement δ in the layer's space, from 0.
  const del = graphs.delta;
  const fixed2 = batchFeeds(perImage, 'g/', del.session.inputNames);
  const delta = f32([...h0.dims], new Float32Array(h0.data.length));
  const deltaFeeds = (): Record<string, HostTensor> => only({ ...fixed2, ...constFeeds, [INVERSION_TENSORS.h0]: h0, [INVERSION_TENSORS.delta]: delta }, del.session);
  const deltaValues = delta.data as Float32Array;
  const runDelta = async (withGrads: boolean): Promise<{ recon: Float32Array; grads: Float32Array[] }> => {
    if (o.signal?.aborted) throw cancelledError('Generator inversion');
    const out = await runner.run(del.session, deltaFeeds(), [INVERSION_TENSORS.recon, ...(withGrads ? [del.grad.grads[INVERSION_TENSORS.delta]!] : [])], n);
    return { recon: out[INVERSION_TENSORS.recon]!.data as Float32Array, grads: withGrads ? [out[del.grad.grads[INVERSION_TENSORS.delta]!]!.data as Float32Array] : [] };
  };
  const curveDelta =
    o.deltaOptimizer === 'lbfgs'
      ? await owlqnDelta(deltaValues, n, runDelta, o)
      : await optimise([deltaValues], n, {
          phase: 'delta',
          steps: o.stepsDelta,
          lr: o.lrDelta,
          reg: { kind: 'abs', weight: o.weights.delta },
          async evaluate(withGrads) {
            const r = await runDelta(withGrads);
            if (withGrads) addL1Gradient(r.grads[0]!, deltaValues, o.weights.delta);
            return r;
          },
        }, o);
  const atH = await runner.run(del.session, deltaFeeds(), [INVERSION_TENSORS.recon, INVERSION_TENSORS.mse, INVERSION_TENSORS.image01, INVERSION_TENSORS.h], n);

  const row = (t: HostTensor, i: number): HostTensor => {
    const per = t.data.length / t.dims[0]!;
    return f32([1, ...t.dims.slice(1)], (t.data as Float32Array).slice(i * per, (i + 1) * per));
  };
  const image = (t: HostTensor, i: number): HostTensor => {
    const r = row(t, i);
    return { ...r, dims: r.dims.slice(1) };
  };
  return indices.map((index, i) => ({
    index,
    z: Object.fromEntries(split.latents.map((l) => [l, row(z[`g/${l}`]!, i)])),
    h0: row(h0, i),
    delta: row(delta, i),
    h: row(atH[INVERSION_TENSORS.h]!, i),
    imageZ: image(atZ[INVERSION_TENSORS.image01]!, i),
    imageH: image(atH[INVERSION_TENSORS.image01]!, i),
    mseZ: (atZ[INVERSION_TENSORS.mse]!.data as Float32Array)[i]!,
    mseH: (atH[INVERSION_TENSORS.mse]!.data as Float32Array)[i]!,
    errorZ: (atZ[INVERSION_TENSORS.recon]!.data as Float32Array)[i]!,
    errorH: (atH[INVERSION_TENSORS.recon]!.data as Float32Array)[i]!,
    curveZ: curveZ[i]!,
    curveDelta: curveDelta[i]!,
  }));
}
