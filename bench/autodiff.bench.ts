/**
 * Autodiff benchmark: one gradient step (forward to ResNet50 layerK + L1 loss + backward to the input image +
 * Adam update of the image; batch 8, 224², CPU, 2 threads) in GAN Lens (onnxruntime-node) and in PyTorch eager,
 * same weights, same run. Prints seconds per step, their ratio (target ≤ 0.7) and the engine's peak RSS, plus
 * fused-vs-host Adam when training conv weights. Times are the best of `--steps` steps after one warm-up step, for
 * both frameworks (the shared machine's load makes medians noisy).
 *   node --import tsx bench/autodiff.bench.ts [--layers layer1,layer2] [--steps 3]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readModel } from '../src/engine/onnx/io';
import { readNpy } from '../src/engine/runtime/npy';
import { Trainer } from '../src/engine/optim/trainer';
import type { ModelProto } from '../src/engine/onnx/gen/onnx_pb';
import type { HostTensor } from '../src/engine/onnx/tensor';

const DIR = '.test-output/bench-autodiff';
const THREADS = 2;

const { values } = parseArgs({
  options: {
    layers: { type: 'string', default: 'layer1,layer2,layer3,layer4' },
    steps: { type: 'string', default: '3' },
    child: { type: 'string' },
    mode: { type: 'string', default: 'input' },
    update: { type: 'string', default: 'fused' },
  },
});

function tapOf(m: ModelProto, layer: string): string {
  const nodes = m.graph!.node.filter((n) => n.name.startsWith(`/${layer}/`));
  return nodes[nodes.length - 1]!.output[0]!;
}

/** Child process: times GAN Lens steps for one layer and reports its own peak RSS. */
async function child(layer: string, mode: string, update: 'fused' | 'host', steps: number): Promise<void> {
  const m = readModel(join(DIR, 'resnet50.onnx'));
  const at = tapOf(m, layer);
  const x = readNpy(join(DIR, 'input.npy'));
  const target = readNpy(join(DIR, `target_${layer}.npy`));
  let train = ['input'];
  if (mode === 'weights') {
    // Every conv weight before the tap (BN is folded into them by the export).
    const lastIdx = m.graph!.node.findIndex((n) => n.output.includes(at));
    train = m.graph!.node.slice(0, lastIdx + 1).filter((n) => n.opType === 'Conv').map((n) => n.input[1]!);
  }
  const t0 = performance.now();
  const tr = await Trainer.create({
    model: m,
    loss: [{ kind: 'l1', at, target: 'target' }],
    train,
    init: mode === 'input' ? { input: x } : {},
    optimizer: { kind: 'adam', lr: 0.01 },
    update,
    session: { threads: THREADS },
  });
  const build = (performance.now() - t0) / 1000;
  const feeds: Record<string, HostTensor> = mode === 'input' ? { target } : { input: x, target };
  const times: number[] = [];
  for (let s = 0; s <= steps; s++) {
    const t = performance.now();
    await tr.step(feeds);
    times.push((performance.now() - t) / 1000);
  }
  const measured = times.slice(1).sort((a, b) => a - b);
  const params = train.reduce((a, w) => a + (tr.values()[w]?.data.length ?? 0), 0);
  console.log(JSON.stringify({ seconds: measured[0], build, rssMB: process.resourceUsage().maxRSS / 1024, params }));
}

function runChild(layer: string, mode: string, update: string, steps: number): { seconds: number; build: number; rssMB: number; params: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/autodiff.bench.ts', '--child', layer, '--mode', mode, '--update', update, '--steps', String(steps)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child ${layer} ${mode} ${update} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; build: number; rssMB: number; params: number };
}

function runTorch(layers: string[], steps: number): { torch: string; blas: string; layers: Record<string, { seconds: number }> } {
  const py = spawnSync('/usr/bin/python3', ['-W', 'ignore', 'scripts/python/grad_bench.py', '--out', DIR, '--threads', String(THREADS), '--steps', String(steps), '--layers', layers.join(',')], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(`PyTorch reference failed (needs /usr/bin/python3 with torch, torchvision):\n${py.stderr}`);
  return JSON.parse(py.stdout.trim().split('\n').pop()!) as { torch: string; blas: string; layers: Record<string, { seconds: number }> };
}

async function parent(): Promise<void> {
  const layers = values.layers!.split(',');
  const steps = Number(values.steps);
  // Torch and GAN Lens alternate layer by layer, so both see the same machine load.
  const first = runTorch([layers[0]!], steps);
  console.log(`ResNet50 gradient step (forward + backward to the image + Adam), batch 8, 224², CPU, ${THREADS} threads`);
  console.log(`PyTorch ${first.torch} eager, BLAS ${first.blas} (convolutions through oneDNN)`);
  console.log('layer    torch s/step  gan-lens s/step  ratio  gan-lens peak RSS  graph build');
  for (const layer of layers) {
    const t = (layer === layers[0] ? first : runTorch([layer], steps)).layers[layer]!.seconds;
    const g = runChild(layer, 'input', 'fused', steps);
    console.log(`${layer.padEnd(8)} ${t.toFixed(3).padStart(12)} ${g.seconds.toFixed(3).padStart(16)} ${(g.seconds / t).toFixed(2).padStart(6)} ${`${g.rssMB.toFixed(0)} MB`.padStart(18)} ${`${g.build.toFixed(2)} s`.padStart(12)}`);
  }
  console.log('\nAdam fused into the graph vs applied on the host, training every conv weight up to the layer:');
  for (const layer of layers.filter((l) => l === 'layer1' || l === 'layer3')) {
    const f = runChild(layer, 'weights', 'fused', steps);
    const h = runChild(layer, 'weights', 'host', steps);
    console.log(`${layer} (${(f.params / 1e6).toFixed(2)} M params): fused ${f.seconds.toFixed(3)} s/step, host ${h.seconds.toFixed(3)} s/step, peak RSS ${f.rssMB.toFixed(0)} / ${h.rssMB.toFixed(0)} MB`);
  }
}

(values.child ? child(values.child, values.mode!, values.update as 'fused' | 'host', Number(values.steps)) : parent()).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
