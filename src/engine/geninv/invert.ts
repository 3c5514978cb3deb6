/**
 * Two-step inversion of target images into a generator layer (Pividori et al. 2019, §3.3):
 *   step 1  z* = argmin_z L(x, G2(G1(z))) + λ1‖z‖²
 *   step 2  δ* = argmin_δ L(x, G2(G1(z*) + δ)) + λ2‖δ‖₁,   h* = G1(z*) + δ*
 * with L = λ_mse·MSE + λ_feat·‖C(x) − C(x̂)‖². Adam on the host, gradients from one ONNX graph per step kind.
 * Every image starts from its own seeded z, and the loss is a sum over images, so a result does not depend on the
 * batch it ran in.
 */
import { buildGradient, type GradientModel } from '../autodiff/builder';
import { openSession, type RunnableSession, type SessionOptions } from '../runtime/session';
import { f32, type HostTensor } from '../onnx/tensor';
import { adamUpdate, type AdamHyper } from '../stitch/adam-step';
import { badInput, cancelledError, formatShape } from '../util/errors';
import { buildDeltaStepForward, buildFeatureModel, buildLatentStepForward, T, type LossWeights } from './graphs';
import { batchFeeds, imageFeeds } from './feeds';
import type { InversionSetup } from './setup';

export type LrDecay = 'none' | 'cosine' | 'exponential';

export interface InversionOptions {
  stepsZ: number;
  stepsDelta: number;
  lrZ: number;
  lrDelta: number;
  /** Learning-rate schedule within each step: cosine or exponential decay to lr·decayTo (default none). */
  decay?: LrDecay;
  decayTo?: number;
  weights: LossWeights;
  seed: number;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (p: InversionProgress) => void;
}

export const DEFAULT_INVERSION: Omit<InversionOptions, 'seed'> = {
  stepsZ: 300,
  stepsDelta: 300,
  lrZ: 0.05,
  lrDelta: 0.05,
  decay: 'cosine',
  decayTo: 0.05,
  weights: { mse: 1, feat: 1, z: 1e-3, delta: 1e-4 },
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

export function learningRate(base: number, step: number, steps: number, decay: LrDecay = 'none', decayTo = 0.05): number {
  if (decay === 'none' || steps <= 1) return base;
  const t = step / (steps - 1);
  const final = base * decayTo;
  if (decay === 'cosine') return final + ((base - final) * (1 + Math.cos(Math.PI * t))) / 2;
  return base * decayTo ** t;
}

/** The compiled graphs of one setup and loss; reusable across batches. */
export interface Inverter {
  setup: InversionSetup;
  invert(targets: HostTensor, indices: readonly number[], o: InversionOptions): Promise<ImageInversion[]>;
}

interface StepGraph {
  grad: GradientModel;
  session: RunnableSession;
}

export async function openInverter(setup: InversionSetup, weights: LossWeights, session?: SessionOptions): Promise<Inverter> {
  const { split, features, layerShape } = setup;
  const c = weights.feat > 0 ? features : undefined;
  const latentForward = buildLatentStepForward(split, c, weights);
  const latent: StepGraph = await compile(latentForward, split.latents.map((l) => `g/${l}`), [T.recon, T.mse, T.image01, `g/${split.layer}`], session);
  const deltaForward = buildDeltaStepForward(split, c, weights, layerShape);
  const delta: StepGraph = await compile(deltaForward, [T.delta], [T.recon, T.mse, T.image01, T.h], session);
  const featureSession = c ? await openSession(buildFeatureModel(c, split.outputSize), session) : undefined;
  return {
    setup,
    invert: (targets, indices, o) => invertBatch(setup, { latent, delta, featureSession }, targets, indices, o),
  };
}

async function compile(forward: ReturnType<typeof buildLatentStepForward>, wrt: string[], keep: string[], session?: SessionOptions): Promise<StepGraph> {
  const grad = buildGradient(forward, { loss: T.loss, wrt, keep });
  return { grad, session: await openSession(grad.model, session) };
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

function mean(t: HostTensor): number {
  const d = t.data as Float32Array;
  let s = 0;
  for (const v of d) s += v;
  return s / d.length;
}

function sampleEvery(steps: number): number {
  return Math.max(1, Math.ceil(steps / CURVE_POINTS));
}

async function invertBatch(
  setup: InversionSetup,
  graphs: { latent: StepGraph; delta: StepGraph; featureSession: RunnableSession | undefined },
  targets: HostTensor,
  indices: readonly number[],
  o: InversionOptions,
): Promise<ImageInversion[]> {
  const n = indices.length;
  checkTargets(setup, targets, n);
  const check = (): void => {
    if (o.signal?.aborted) throw cancelledError('Generator inversion');
  };
  const { split } = setup;
  const perImage = indices.map((i) => imageFeeds(setup.plans, o.seed, i, setup.config.generator.noise.mode));
  const constFeeds: Record<string, HostTensor> = { [T.target]: targets };
  if (graphs.featureSession) {
    const out = await graphs.featureSession.run({ [T.target]: targets });
    constFeeds[T.targetFeatures] = Object.values(out)[0]!;
  }

  // Step 1: the latents.
  const lat = graphs.latent;
  const latentNames = split.latents.map((l) => `g/${l}`);
  const fixed = batchFeeds(perImage, 'g/', lat.session.inputNames.filter((x) => !latentNames.includes(x)));
  const z = batchFeeds(perImage, 'g/', latentNames);
  const zm = Object.fromEntries(latentNames.map((k) => [k, new Float32Array(z[k]!.data.length)]));
  const zv = Object.fromEntries(latentNames.map((k) => [k, new Float32Array(z[k]!.data.length)]));
  const curveZ: number[][] = indices.map(() => []);
  const every = sampleEvery(o.stepsZ);
  for (let s = 0; s < o.stepsZ; s++) {
    check();
    const out = await lat.session.run(only({ ...fixed, ...constFeeds, ...z }, lat.session), [T.recon, ...latentNames.map((k) => lat.grad.grads[k]!)]);
    const lr = learningRate(o.lrZ, s, o.stepsZ, o.decay, o.decayTo);
    for (const k of latentNames) adamUpdate(z[k]!.data as Float32Array, out[lat.grad.grads[k]!]!.data as Float32Array, zm[k]!, zv[k]!, s + 1, { ...ADAM, lr });
    const recon = out[T.recon]!.data as Float32Array;
    if (s % every === 0) recon.forEach((v, i) => curveZ[i]!.push(v));
    o.onProgress?.({ phase: 'latent', step: s + 1, steps: o.stepsZ, error: mean(out[T.recon]!), message: `latent step ${s + 1}/${o.stepsZ}` });
  }
  check();
  const atZ = await lat.session.run(only({ ...fixed, ...constFeeds, ...z }, lat.session), [T.recon, T.mse, T.image01, `g/${split.layer}`]);
  const h0 = atZ[`g/${split.layer}`]!;

  // Step 2: the displacement δ in the layer's space, from 0.
  const del = graphs.delta;
  const fixed2 = batchFeeds(perImage, 'g/', del.session.inputNames);
  const delta = f32([...h0.dims], new Float32Array(h0.data.length));
  const dm = new Float32Array(delta.data.length);
  const dv = new Float32Array(delta.data.length);
  const curveDelta: number[][] = indices.map(() => []);
  const every2 = sampleEvery(o.stepsDelta);
  for (let s = 0; s < o.stepsDelta; s++) {
    check();
    const out = await del.session.run(only({ ...fixed2, ...constFeeds, [T.h0]: h0, [T.delta]: delta }, del.session), [T.recon, del.grad.grads[T.delta]!]);
    const lr = learningRate(o.lrDelta, s, o.stepsDelta, o.decay, o.decayTo);
    adamUpdate(delta.data as Float32Array, out[del.grad.grads[T.delta]!]!.data as Float32Array, dm, dv, s + 1, { ...ADAM, lr });
    const recon = out[T.recon]!.data as Float32Array;
    if (s % every2 === 0) recon.forEach((v, i) => curveDelta[i]!.push(v));
    o.onProgress?.({ phase: 'delta', step: s + 1, steps: o.stepsDelta, error: mean(out[T.recon]!), message: `delta step ${s + 1}/${o.stepsDelta}` });
  }
  check();
  const atH = await del.session.run(only({ ...fixed2, ...constFeeds, [T.h0]: h0, [T.delta]: delta }, del.session), [T.recon, T.mse, T.image01, T.h]);

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
    h: row(atH[T.h]!, i),
    imageZ: image(atZ[T.image01]!, i),
    imageH: image(atH[T.image01]!, i),
    mseZ: (atZ[T.mse]!.data as Float32Array)[i]!,
    mseH: (atH[T.mse]!.data as Float32Array)[i]!,
    errorZ: (atZ[T.recon]!.data as Float32Array)[i]!,
    errorH: (atH[T.recon]!.data as Float32Array)[i]!,
    curveZ: curveZ[i]!,
    curveDelta: curveDelta[i]!,
  }));
}
