/**
 * GPU benchmark driver (run by scripts/gpu/bench.sh on the lent GPU machine; runs anywhere, slowly, on cpu):
 * reconstruction ms/image at batch 1 and 50, stitch training samples/s, and gradient-descent inversion seconds per
 * 512 steps for a batch of 50, per execution provider, for each case exported by export_skeletons.py (random
 * weights refilled here). Prints one JSON line per measurement and a Markdown table at the end.
 *
 *   node bench.js --models DIR [--cases demo,resnet50-stylegan2] [--providers cuda,webgpu,cpu] [--gd-steps 16]
 *                 [--train-batch 32] [--reps 5] [--only recon,train,gd] [--recon-batches 1,50] [--gd-batch 50]
 *                 [--out results.jsonl]
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/engine/config/load';
import { loadStitchSetup, type StitchSetup } from '../../src/engine/stitch/setup';
import { openReconstructor } from '../../src/engine/stitch/reconstruct';
import { buildExtractModel, buildTrainingForward, T } from '../../src/engine/stitch/graphs';
import { buildGradient } from '../../src/engine/autodiff/builder';
import { clearSessionCache, openSession, type SessionOptions } from '../../src/engine/runtime/session';
import { resolveProvider } from '../../src/engine/runtime/provider-resolve';
import { onProviderNotice } from '../../src/engine/runtime/provider-notice';
import type { ProviderChoice, ProviderStatus } from '../../src/engine/runtime/providers';
import { generatorFeeds, planGeneratorInputs } from '../../src/engine/generator/feeds';
import { normalizeBatch } from '../../src/engine/stitch/host-ops';
import { adamUpdate } from '../../src/engine/optim/adam-step';
import { invertGd } from '../../src/engine/gd/invert';
import type { GdRegularisation } from '../../src/engine/gd/graphs';
import { readModel, writeModel } from '../../src/engine/onnx/io';
import { f32, type HostTensor } from '../../src/engine/onnx/tensor';
import type { ModelProto } from '../../src/engine/onnx/gen/onnx_pb';
import { SeededRandom } from '../../src/engine/util/random';
import { ort } from '../../src/engine/runtime/ort';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const modelsDir = opt('models', '.gpu-carry/models');
const cases = opt('cases', 'demo,resnet50-stylegan2').split(',');
const providers = opt('providers', 'cuda,webgpu,cpu').split(',') as ProviderChoice[];
const gdSteps = Number(opt('gd-steps', '16'));
const trainBatch = Number(opt('train-batch', '32'));
const reps = Number(opt('reps', '5'));
const only = new Set(opt('only', 'recon,train,gd').split(','));
const reconBatches = opt('recon-batches', '1,50').split(',').map(Number);
const gdBatch = Number(opt('gd-batch', '50'));
const outFile = opt('out', '');

interface CaseMeta {
  size: number;
  z: number;
  ext_layer: string;
  gen_layer: string;
}

interface Row {
  case: string;
  provider: string;
  active: string;
  measure: string;
  value: number;
  unit: string;
  detail: string;
}
const rows: Row[] = [];

function record(r: Row): void {
  rows.push(r);
  const line = JSON.stringify({ ...r, ort: ort.env.versions?.common ?? 'unknown', date: new Date().toISOString() });
  console.log(line);
  if (outFile) appendFileSync(outFile, `${line}\n`);
}

/** Fills initializers that export_skeletons.py emptied with seeded normal values of their recorded mean and std. */
function refill(m: ModelProto, seed: number): number {
  const rnd = new SeededRandom(seed);
  let n = 0;
  for (const t of m.graph!.initializer) {
    const mark = /^gan-lens:random mean=(\S+) std=(\S+)$/.exec(t.docString);
    if (!mark) continue;
    const count = t.dims.reduce((a, d) => a * Number(d), 1);
    const values = rnd.fillNormal(new Float32Array(count), Number(mark[2]), Number(mark[1]));
    t.rawData = new Uint8Array(values.buffer);
    t.docString = '';
    n += count;
  }
  return n;
}

function randomImages(n: number, size: number, seed: number): HostTensor {
  const t = f32([n, 3, size, size]);
  const rnd = new SeededRandom(seed);
  for (let i = 0; i < t.data.length; i++) (t.data as Float32Array)[i] = rnd.next();
  return t;
}

async function timed(fn: () => Promise<void>, count: number): Promise<number> {
  await fn(); // warm-up: shader compilation, CUDA graph capture, allocator growth
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await fn();
  return (performance.now() - t0) / 1000 / count;
}

function describe(s: ProviderStatus): string {
  return [s.reason, s.nodeFallback].filter(Boolean).join(' | ');
}

async function benchCase(name: string, work: string): Promise<void> {
  const meta = JSON.parse(readFileSync(join(modelsDir, name, 'case.json'), 'utf8')) as CaseMeta;
  for (const [file, seed] of [['extractor.onnx', 1], ['generator.onnx', 2]] as const) {
    const m = readModel(join(modelsDir, name, file));
    refill(m, seed);
    writeModel(join(work, name, file), m);
  }
  const config = parseConfig(
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [meta.size, meta.size] },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [meta.z] }], output: { range: [-1, 1] } },
      data: { train: { procedural: { seed: 1, count: 64, size: meta.size } }, val: { procedural: { seed: 2, count: 8, size: meta.size } } },
      training: { batchSize: trainBatch },
    }),
    join(work, name, 'bench.ganlens.json'),
  );
  const setup = await loadStitchSetup(config, { from: meta.ext_layer, to: meta.gen_layer });
  for (const provider of providers) {
    const status = await resolveProvider(provider);
    if (provider !== 'cpu' && status.active === 'cpu') {
      console.error(`${name}: ${provider} skipped: ${status.reason}`);
      continue;
    }
    const session: SessionOptions = { provider, threads: 0 };
    if (only.has('recon')) await benchReconstruction(name, setup, session);
    if (only.has('train')) await benchTraining(name, setup, session);
    if (only.has('gd')) await benchGd(name, setup, meta, session);
    await clearSessionCache();
  }
}

function convWeights(setup: StitchSetup): { weight: Float32Array; bias: Float32Array; cx: number; cy: number } {
  const [cx] = setup.models.pair.fromShape;
  const [cy] = setup.models.pair.toShape;
  return { weight: new SeededRandom(3).fillNormal(new Float32Array(cy! * cx!), 1 / Math.sqrt(cx!)), bias: new Float32Array(cy!), cx: cx!, cy: cy! };
}

async function benchReconstruction(name: string, setup: StitchSetup, session: SessionOptions): Promise<void> {
  const { weight, bias } = convWeights(setup);
  const recon = await openReconstructor({ setup, weight, bias, session });
  for (const batch of reconBatches) {
    const images = randomImages(batch, setup.config.extractor.inputSize[0], 4);
    const s = await timed(async () => void (await recon.reconstruct(images, 1)), batch === 1 ? reps * 4 : reps);
    record({ case: name, provider: session.provider!, active: recon.session.provider.active, measure: `reconstruction batch ${batch}`, value: (s / batch) * 1000, unit: 'ms/image', detail: describe(recon.session.provider) });
  }
}

async function benchTraining(name: string, setup: StitchSetup, session: SessionOptions): Promise<void> {
  const { weight, bias, cx, cy } = convWeights(setup);
  const config = setup.config;
  const extract = await openSession(buildExtractModel(setup.models.extractor, setup.models.pair), session);
  const forward = buildTrainingForward(setup.models);
  const grad = buildGradient(forward.model, { loss: T.loss, wrt: [T.weight, T.bias] });
  const step = await openSession(grad.model, session);
  const plans = planGeneratorInputs(forward.generatorInputs, 'g/', setup.generatorAnalysis.summary.inputs, config.generator, config.generator.model);
  const images = randomImages(trainBatch, config.extractor.inputSize[0], 5);
  const rnd = new SeededRandom(6);
  const m = { w: new Float32Array(weight.length), b: new Float32Array(cy) };
  const v = { w: new Float32Array(weight.length), b: new Float32Array(cy) };
  const hyper = { lr: 0.01, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0 };
  let k = 0;
  const s = await timed(async () => {
    const a = (await extract.run({ [config.extractor.input]: normalizeBatch(images, config.extractor.mean, config.extractor.std) }))[setup.models.pair.from.tensor]!;
    const out = await step.run(
      { ...generatorFeeds(plans, trainBatch, rnd, 'const'), [T.a]: a, [T.weight]: f32([cy, cx, 1, 1], weight), [T.bias]: f32([cy], bias) },
      [grad.loss, grad.grads[T.weight]!, grad.grads[T.bias]!],
    );
    k++;
    adamUpdate(weight, out[grad.grads[T.weight]!]!.data as Float32Array, m.w, v.w, k, hyper);
    adamUpdate(bias, out[grad.grads[T.bias]!]!.data as Float32Array, m.b, v.b, k, hyper);
  }, reps);
  record({ case: name, provider: session.provider!, active: step.provider.active, measure: `stitch training batch ${trainBatch}`, value: trainBatch / s, unit: 'samples/s', detail: describe(step.provider) });
}

async function benchGd(name: string, setup: StitchSetup, meta: CaseMeta, session: SessionOptions): Promise<void> {
  const c = setup.config.extractor;
  const target = { extractor: setup.models.extractor, inputName: c.input, inputSize: [meta.size, meta.size] as [number, number], mean: c.mean, std: c.std, layerTensor: setup.models.pair.from.tensor };
  const images = randomImages(gdBatch, meta.size, 7);
  for (const reg of ['none', 'fourier-jitter'] as GdRegularisation[]) {
    const fallbacks: string[] = [];
    const off = onProviderNotice((line) => {
      if (/on cpu|to cpu|using cpu/.test(line) && !/nodes on cpu/.test(line)) fallbacks.push(line);
    });
    const r = await invertGd(target, images, { reg, steps: gdSteps, batchSize: gdBatch, session }).finally(off);
    const active = (await resolveProvider(session.provider!)).active;
    // secondsPerStep includes the first (warm-up) step; with --gd-steps 512 this is the full run's time.
    record({ case: name, provider: session.provider!, active: fallbacks.length ? `${active} + cpu` : active, measure: `GD ${reg}, batch ${gdBatch} (${gdSteps} steps measured)`, value: r.secondsPerStep * 512, unit: 's per 512 steps', detail: [`setup ${r.setupSeconds.toFixed(1)} s`, ...new Set(fallbacks)].join(' | ') });
  }
}

(async () => {
  const work = mkdtempSync(join(tmpdir(), 'gan-lens-gpu-bench-'));
  try {
    for (const c of cases) await benchCase(c, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log('\n| case | provider (active) | measure | value | notes |\n| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.case} | ${r.provider} (${r.active}) | ${r.measure} | ${r.value.toFixed(r.value < 10 ? 2 : 1)} ${r.unit} | ${r.detail} |`);
})().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
