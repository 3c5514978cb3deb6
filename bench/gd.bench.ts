/**
 * Gradient-descent inversion benchmark: seconds per GD step (forward + backward + Adam) at batch 8 for torchvision
 * ResNet50 (random weights, 224²) inverted from layer1..layer4, GAN Lens (onnxruntime CPU) against PyTorch 1.13 eager
 * on the same weights in the same run (scripts/python/gd_reference.py). Target: ratio ≤ 0.7×.
 * Also: the inverse real FFT of the Fourier parametrisation as DFT-matrix MatMuls vs ONNX's DFT op (forward only).
 *   node --import tsx bench/gd.bench.ts [--batch 8] [--size 224] [--reps 3] [--layers layer1,layer2] [--regs none,fourier-jitter]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAnalysed } from '../src/engine/model/loaded';
import { resolveLayer } from '../src/engine/onnx/resolve';
import { buildGradient } from '../src/engine/autodiff/builder';
import { openSession } from '../src/engine/runtime/session';
import { cut } from '../src/engine/onnx/surgery';
import { normalizeBatch } from '../src/engine/model/normalize';
import { adamUpdate } from '../src/engine/optim/adam-step';
import {GD_TENSORS, buildGdForward, buildRenderModel, parameterShape, type GdRegularisation } from '../src/engine/gd/graphs';
import { jitterFeeds } from '../src/engine/gd/jitter';
import { spectrumWidth } from '../src/engine/gd/fourier';
import { graph, model, node, valueInfo } from '../src/engine/onnx/builder';
import { f32, i64, tensorToProto, type HostTensor } from '../src/engine/onnx/tensor';
import { SeededRandom } from '../src/engine/util/random';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const batch = Number(opt('batch', '8'));
const size = Number(opt('size', '224'));
const reps = Number(opt('reps', '3'));
const layers = opt('layers', 'layer1,layer2,layer3,layer4');
const regs = opt('regs', 'none,fourier-jitter');
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

interface TorchTimes {
  model: string;
  times: Record<string, number>;
  cpu: Record<string, number>;
  torch: string;
  threads: number;
  blas: string;
}

async function gdStep(file: string, layer: string, reg: GdRegularisation, images: HostTensor): Promise<{ wall: number; cpu: number }> {
  const { model: m, analysis } = await loadAnalysed(file, [size, size]);
  const tensor = resolveLayer(analysis, layer).tensor;
  const extract = await openSession(cut(m, tensor));
  const y = (await extract.run({ image: normalizeBatch(images, MEAN, STD) }))[tensor]!;
  const forward = buildGdForward(m, { reg, inputName: 'image', inputSize: [size, size], mean: MEAN, std: STD, layerTensor: tensor, layerShape: y.dims.slice(1) });
  const grad = buildGradient(forward, { loss: GD_TENSORS.loss, wrt: [GD_TENSORS.z] });
  const s = await openSession(grad.model);
  const pShape = parameterShape(reg, [size, size]);
  const z = new SeededRandom(0).fillNormal(new Float32Array(batch * pShape.reduce((a, b) => a * b, 1)), 0.01);
  const mom = new Float32Array(z.length);
  const vel = new Float32Array(z.length);
  const shifts = new SeededRandom(1);
  let k = 0;
  const step = async (): Promise<void> => {
    const feeds: Record<string, HostTensor> = { [GD_TENSORS.z]: { dtype: 'float32', dims: [batch, ...pShape], data: z }, [GD_TENSORS.target]: y };
    if (reg !== 'none') {
      const j = jitterFeeds(size, size, shifts.int(3) - 1, shifts.int(3) - 1, 0.5);
      feeds[GD_TENSORS.jitterRows] = j.rows;
      feeds[GD_TENSORS.jitterColsT] = j.colsT;
      feeds[GD_TENSORS.jitterOffset] = j.offset;
    }
    const out = await s.run(feeds, [grad.loss, grad.grads[GD_TENSORS.z]!]);
    adamUpdate(z, out[grad.grads[GD_TENSORS.z]!]!.data as Float32Array, mom, vel, ++k, { lr: 0.05, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 });
  };
  await step();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) await step();
  const wall = (performance.now() - t0) / 1000 / reps;
  const c = process.cpuUsage(c0);
  await s.release();
  return { wall, cpu: (c.user + c.system) / 1e6 / reps };
}

/** irfft2 (ortho) ÷ 4 of the z′ layout with two ONNX DFT ops: inverse DFT over H, Hermitian completion over W. */
function dftIrfftModel(h: number, w: number): ReturnType<typeof model> {
  const wf = spectrumWidth(w);
  const c = (name: string, v: number[]): ReturnType<typeof tensorToProto> => tensorToProto(name, i64([v.length], v));
  const mirrorStart = w % 2 === 0 ? wf - 2 : wf - 1;
  return model(
    graph({
      name: 'irfft-dft-op',
      nodes: [
        node('Slice', ['z', 'zero', 'h', 'ax2'], ['re']),
        node('Slice', ['z', 'h', 'h2', 'ax2'], ['im']),
        node('Unsqueeze', ['re', 'last'], ['re1']),
        node('Unsqueeze', ['im', 'last'], ['im1']),
        node('Concat', ['re1', 'im1'], ['cplx'], { axis: -1 }),
        node('DFT', ['cplx'], ['rows'], { axis: 2, inverse: 1 }),
        node('Slice', ['rows', 'mstart', 'mend', 'ax3', 'mstep'], ['mirror']),
        node('Mul', ['mirror', 'conj'], ['mirror_conj']),
        node('Concat', ['rows', 'mirror_conj'], ['full'], { axis: 3 }),
        node('DFT', ['full'], ['spatial'], { axis: 3, inverse: 1 }),
        node('Slice', ['spatial', 'zero', 'one', 'last'], ['real1']),
        node('Squeeze', ['real1', 'last'], ['real']),
        node('Mul', ['real', 'norm'], ['image']),
      ],
      initializers: [
        c('zero', [0]),
        c('one', [1]),
        c('h', [h]),
        c('h2', [2 * h]),
        c('ax2', [2]),
        c('ax3', [3]),
        c('last', [-1]),
        c('mstart', [mirrorStart]),
        c('mend', [0]),
        c('mstep', [-1]),
        tensorToProto('conj', f32([2], [1, -1])),
        tensorToProto('norm', f32([], [Math.sqrt(h * w) / 4])),
      ],
      inputs: [valueInfo('z', 'float32', ['batch', 3, 2 * h, wf])],
      outputs: [valueInfo('image', 'float32', ['batch', 3, h, w])],
    }),
  );
}

/** Forward of the inverse FFT alone: matrices (the shipped graph, before colour/sigmoid) vs DFT op. */
async function irfftComparison(h: number, w: number): Promise<void> {
  const wf = spectrumWidth(w);
  const z = f32([batch, 3, 2 * h, wf]);
  new SeededRandom(2).fillNormal(z.data as Float32Array, 1);
  const render = buildRenderModel('fourier-jitter', [h, w]);
  // Cut the shipped render graph right after the inverse FFT, and feed it an unscaled spectrum through Identity.
  const g = render.graph!;
  g.node = g.node.filter((n) => !['gd/FlattenPixels', 'gd/CorrelateColours', 'gd/UnflattenPixels', 'gd/Sigmoid'].includes(n.name));
  g.output = [valueInfo('gd/decorrelated', 'float32', ['batch', 3, h, w])];
  g.initializer = g.initializer.map((t) => (t.name === 'gd/spectrum_scale' ? tensorToProto(t.name, f32([2 * h, wf], new Float32Array(2 * h * wf).fill(1))) : t));
  const mat = await openSession(render);
  const dft = await openSession(dftIrfftModel(h, w));
  const a = (await mat.run({ [GD_TENSORS.z]: z }))['gd/decorrelated']!.data as Float32Array;
  const b = (await dft.run({ z }))['image']!.data as Float32Array;
  let diff = 0;
  let mag = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    mag = Math.max(mag, Math.abs(a[i]!));
  }
  const time = async (f: () => Promise<unknown>): Promise<number> => {
    await f();
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await f();
    return (performance.now() - t0) / 5;
  };
  const tm = await time(() => mat.run({ [GD_TENSORS.z]: z }));
  const td = await time(() => dft.run({ z }));
  console.log(`  irfft ${h}×${w}, batch ${batch}: matrices ${tm.toFixed(1)} ms, DFT op ${td.toFixed(1)} ms (forward; max |Δ| ${diff.toExponential(1)} of ${mag.toFixed(2)})`);
}

(async () => {
  const dir = join('.bench-output', 'gd');
  mkdirSync(dir, { recursive: true });
  console.log('Inverse real FFT of the Fourier parametrisation (onnxruntime CPU):');
  for (const s of [...new Set([128, size])]) await irfftComparison(s, s);
  const images = f32([batch, 3, size, size]);
  const rnd = new SeededRandom(3);
  for (let i = 0; i < images.data.length; i++) (images.data as Float32Array)[i] = rnd.next();
  // Layer by layer, PyTorch then GAN Lens right after it: on a shared machine the load drifts, so the two sides of
  // each ratio are measured as close together as possible.
  let header = false;
  for (const layer of layers.split(',')) {
    const out = execFileSync('nice', ['/usr/bin/python3', 'scripts/python/gd_reference.py', '--out', dir, '--batch', String(batch), '--size', String(size), '--reps', String(reps), '--layers', layer, '--regs', regs], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const torch = JSON.parse(out.trim().split('\n').pop()!) as TorchTimes;
    if (!header) {
      console.log(`\nGD step, ResNet50 (random weights) ${size}², batch ${batch}; PyTorch ${torch.torch} eager (${torch.threads} threads, ${torch.blas}) vs GAN Lens (onnxruntime CPU)`);
      header = true;
    }
    for (const reg of regs.split(',') as GdRegularisation[]) {
      const ours = await gdStep(torch.model, layer, reg, images);
      const ref = torch.times[`${layer}/${reg}`]!;
      const refCpu = torch.cpu[`${layer}/${reg}`]!;
      console.log(
        `  ${layer} ${reg.padEnd(14)} wall: GAN Lens ${ours.wall.toFixed(3)} s/step, PyTorch ${ref.toFixed(3)} s/step, ratio ${(ours.wall / ref).toFixed(2)}×` +
          `   CPU: ${ours.cpu.toFixed(2)} s vs ${refCpu.toFixed(2)} s, ratio ${(ours.cpu / refCpu).toFixed(2)}×   (target ≤ 0.7×)`,
      );
    }
  }
})().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
