/**
 * Stitch benchmark: reconstruction (images/s) and stitch training (samples/s) on CPU, GAN Lens against PyTorch 1.13
 * eager on the same random weights, measured in the same run. Targets: training step ≤ 0.8× and reconstruction ≤ 0.5×
 * PyTorch's time. Cases: the demo pair (demo extractor layer2 → demo generator blocks.1) and torchvision ResNet50
 * layer2 → a StyleGAN2-sized generator (512², b64.conv0).
 *   node --import tsx bench/stitch.bench.ts [demo] [resnet50-stylegan2] [--batch N] [--reps N]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../src/engine/config/load';
import { loadStitchSetup } from '../src/engine/stitch/setup';
import { openReconstructor } from '../src/engine/stitch/reconstruct';
import {buildExtractModel, buildTrainingForward, STITCH_TENSORS } from '../src/engine/stitch/graphs';
import { buildGradient } from '../src/engine/autodiff/builder';
import { openSession } from '../src/engine/runtime/session';
import { generatorFeeds, planGeneratorInputs } from '../src/engine/generator/feeds';
import { normalizeBatch } from '../src/engine/model/normalize';
import { adamUpdate } from '../src/engine/optim/adam-step';
import { f32 } from '../src/engine/onnx/tensor';
import { SeededRandom } from '../src/engine/util/random';

interface TorchTimes {
  reconstruct_s_per_batch: number;
  train_s_per_step: number;
  ext_layer: string;
  gen_layer: string;
  size: number;
  z: number;
  blas: string;
  torch: string;
  threads: number;
}

const args = process.argv.slice(2);
const flag = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const cases = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const selected = cases.length ? cases : ['demo', 'resnet50-stylegan2'];

function python(caseName: string, dir: string, batch: number, reps: number): TorchTimes {
  const out = execFileSync('/usr/bin/python3', ['scripts/python/bench_stitch.py', '--case', caseName, '--out', dir, '--batch', String(batch), '--reps', String(reps)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as TorchTimes;
}

async function time(fn: () => Promise<void>, reps: number): Promise<number> {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / 1000 / reps;
}

async function benchCase(caseName: string): Promise<void> {
  const batch = flag('batch', caseName === 'demo' ? 8 : 2);
  const reps = flag('reps', caseName === 'demo' ? 5 : 2);
  const dir = join('.bench-output', 'stitch', caseName);
  mkdirSync(dir, { recursive: true });
  const torch = python(caseName, dir, batch, reps);
  const size = torch.size;
  const config = parseConfig(
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [size, size] },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [torch.z] }], output: { range: [-1, 1] } },
      data: { train: { procedural: { seed: 1, count: 64, size } }, val: { procedural: { seed: 2, count: batch, size } } },
      training: { batchSize: batch },
    }),
    join(dir, 'bench.ganlens.json'),
  );
  const setup = await loadStitchSetup(config, { from: torch.ext_layer, to: torch.gen_layer });
  const [cx] = setup.models.pair.fromShape;
  const [cy] = setup.models.pair.toShape;
  const rnd = new SeededRandom(3);
  const weight = rnd.fillNormal(new Float32Array(cy * cx), 1 / Math.sqrt(cx));
  const bias = new Float32Array(cy);
  const images = f32([batch, 3, size, size]);
  for (let i = 0; i < images.data.length; i++) (images.data as Float32Array)[i] = rnd.next();

  const recon = await openReconstructor({ setup, weight, bias });
  const reconSeconds = await time(async () => {
    await recon.reconstruct(images, 1);
  }, reps);

  const extract = await openSession(buildExtractModel(setup.models.extractor, setup.models.pair));
  const forward = buildTrainingForward(setup.models);
  const grad = buildGradient(forward.model, { loss: STITCH_TENSORS.loss, wrt: [STITCH_TENSORS.weight, STITCH_TENSORS.bias] });
  const step = await openSession(grad.model);
  const plans = planGeneratorInputs(forward.generatorInputs, 'g/', setup.generatorAnalysis.summary.inputs, config.generator, config.generator.model);
  const m = { w: new Float32Array(weight.length), b: new Float32Array(cy) };
  const v = { w: new Float32Array(weight.length), b: new Float32Array(cy) };
  let k = 0;
  const hyper = { lr: 0.01, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0 };
  const stepSeconds = await time(async () => {
    const a = (await extract.run({ image: normalizeBatch(images, config.extractor.mean, config.extractor.std) }))[setup.models.pair.from.tensor]!;
    const out = await step.run(
      { ...generatorFeeds(plans, batch, rnd, 'const'), [STITCH_TENSORS.a]: a, [STITCH_TENSORS.weight]: f32([cy, cx, 1, 1], weight), [STITCH_TENSORS.bias]: f32([cy], bias) },
      [grad.loss, grad.grads[STITCH_TENSORS.weight]!, grad.grads[STITCH_TENSORS.bias]!],
    );
    k++;
    adamUpdate(weight, out[grad.grads[STITCH_TENSORS.weight]!]!.data as Float32Array, m.w, v.w, k, hyper);
    adamUpdate(bias, out[grad.grads[STITCH_TENSORS.bias]!]!.data as Float32Array, m.b, v.b, k, hyper);
  }, reps);

  const rssMb = process.memoryUsage().rss / 2 ** 20;
  console.log(`\n${caseName}: ${torch.ext_layer} → ${torch.gen_layer}, batch ${batch}, ${size}², PyTorch ${torch.torch} (${torch.threads} threads, ${torch.blas}), onnxruntime CPU`);
  console.log(`  reconstruction  GAN Lens ${(reconSeconds / batch * 1000).toFixed(1)} ms/image (${(batch / reconSeconds).toFixed(2)} images/s)   PyTorch ${(torch.reconstruct_s_per_batch / batch * 1000).toFixed(1)} ms/image   ratio ${(reconSeconds / torch.reconstruct_s_per_batch).toFixed(2)}× (target ≤ 0.5×)`);
  console.log(`  training step   GAN Lens ${stepSeconds.toFixed(3)} s (${(batch / stepSeconds).toFixed(2)} samples/s)   PyTorch ${torch.train_s_per_step.toFixed(3)} s   ratio ${(stepSeconds / torch.train_s_per_step).toFixed(2)}× (target ≤ 0.8×)`);
  console.log(`  engine RSS after the case: ${rssMb.toFixed(0)} MB`);
}

(async () => {
  for (const c of selected) await benchCase(c);
})().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
