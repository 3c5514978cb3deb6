// The export scripts of docs/exporting-models.md, run with Debian's torch on random weights, then loaded with
// onnxruntime and compared with PyTorch's own output for the same input: torchvision networks, a user module, and the
// `export_biggan.py --module` convention forward(z, y_onehot, truncation) of huggingface's BigGAN layout (a compact
// stand-in in fixtures/: that package cannot be installed offline). The real StyleGAN2-ADA and BigGAN-PyTorch code is
// exported in ../upstream-exports/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModel } from '../../../src/engine/onnx/io';
import { readNpy } from '../../../src/engine/runtime/npy';
import { tensorFromProto } from '../../../src/engine/onnx/tensor';
import { clearSessionCache, openSession } from '../../../src/engine/runtime/session';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPTS = join(ROOT, 'scripts', 'python');
const FIXTURES = join(__dirname, 'fixtures');
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-guide-'));
});
after(async () => {
  await clearSessionCache();
  rmSync(dir, { recursive: true, force: true });
});

function python(args: string[], flags: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/usr/bin/python3', [...flags, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: FIXTURES, OMP_NUM_THREADS: '2', PYTHONWARNINGS: 'ignore' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function exportWith(script: string, args: string[]): { onnx: string; stdout: string; stderr: string } {
  const name = `${script}-${args.join('_').replace(/[^a-z0-9]+/gi, '_')}.onnx`;
  const onnx = join(dir, name);
  const r = python([join(SCRIPTS, script), ...args, '--out', onnx, '--check']);
  assert.equal(r.status, 0, `${script} failed:\n${r.stderr.slice(-2000)}`);
  return { onnx, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the exported model on the script's reference input(s) and compares with PyTorch's output. */
async function matchesTorch(onnx: string, inputNames: string[]): Promise<void> {
  const s = await openSession(readFileSync(onnx), { threads: 2 });
  const feeds = Object.fromEntries(inputNames.map((n, i) => [n, readNpy(`${onnx}.input${i}.npy`)]));
  const out = await s.run(feeds);
  const got = out[s.outputNames[0]!]!.data as Float32Array;
  const want = readNpy(`${onnx}.output0.npy`);
  assert.deepEqual(out[s.outputNames[0]!]!.dims, want.dims);
  const w = want.data as Float32Array;
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < w.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(got[i]! - w[i]!));
    maxAbs = Math.max(maxAbs, Math.abs(w[i]!));
  }
  assert.ok(maxDiff <= 1e-4 * Math.max(1, maxAbs), `max |onnx − torch| ${maxDiff} (max |torch| ${maxAbs})`);
}

function nodeNames(onnx: string): string[] {
  return parseModel(readFileSync(onnx)).graph!.node.map((n) => n.name);
}

test('export_network.py: a torchvision ResNet classifier keeps layer1..layer4 module paths and matches PyTorch', async () => {
  const { onnx, stdout } = exportWith('export_network.py', ['--arch', 'resnet18', '--classes', '10', '--size', '64']);
  await matchesTorch(onnx, ['image']);
  const names = nodeNames(onnx);
  for (const p of ['/layer1/layer1.1/relu_1/Relu', '/layer4/layer4.0/downsample/downsample.0/Conv', '/fc/Gemm']) {
    assert.ok(names.includes(p), `${p} missing`);
  }
  assert.match(stdout, /inputs: {2}image \(N, 3, 64, 64\)/);
  assert.match(stdout, /layers GAN Lens shows \(\d+\): conv1, layer1\.0\.conv1/);
});

test('export_network.py: a torchvision segmenter is unwrapped from its dict output, aux head dropped', async () => {
  const { onnx } = exportWith('export_network.py', ['--arch', 'lraspp_mobilenet_v3_large', '--task', 'segment', '--classes', '4', '--size', '64']);
  await matchesTorch(onnx, ['image']);
  const m = parseModel(readFileSync(onnx));
  assert.deepEqual(m.graph!.output.map((o) => o.name), ['logits']);
  assert.ok(nodeNames(onnx).some((n) => n.startsWith('/backbone/backbone.1/')));
});

/** Saves a random state dict of a torchvision constructor call with one recognisable bias; returns the bias. */
function savedWeights(ctor: string, biasKey: string, file: string): number[] {
  const code = `import torch, torchvision, json\ntorch.manual_seed(3)\nm = ${ctor}\n` +
    `b = m.state_dict()['${biasKey}']\nb.copy_(torch.arange(b.numel(), dtype=torch.float32) * 0.25 + 7)\n` +
    `torch.save(m.state_dict(), '${file}')\nprint(json.dumps(b.tolist()))`;
  const r = python(['-c', code]);
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return JSON.parse(r.stdout) as number[];
}

/** True when some initializer of the export holds exactly these values. */
function hasInitializer(onnx: string, values: number[]): boolean {
  return parseModel(readFileSync(onnx)).graph!.initializer.some((t) => {
    const d = tensorFromProto(t).data as Float32Array;
    return d.length === values.length && values.every((v, i) => Math.abs(d[i]! - v) < 1e-6);
  });
}

test('export_network.py --weights loads a classifier state dict; weights of another architecture exit 2', async () => {
  const bias = savedWeights('torchvision.models.resnet18(num_classes=10)', 'fc.bias', join(dir, 'r18.pth'));
  const { onnx } = exportWith('export_network.py', ['--arch', 'resnet18', '--classes', '10', '--weights', join(dir, 'r18.pth'), '--size', '64']);
  await matchesTorch(onnx, ['image']);
  assert.ok(hasInitializer(onnx, bias), 'the fc bias of the state dict is in the export');
  const r = python([join(SCRIPTS, 'export_network.py'), '--arch', 'resnet34', '--classes', '10', '--weights', join(dir, 'r18.pth'), '--out', join(dir, 'bad.onnx')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /r18\.pth does not fit the model: missing \[.*layer[1-4]\.2/);
});

test('export_network.py --task segment --aux --weights: a segmenter state dict with an aux head loads, the head is dropped', async () => {
  const ctor = 'torchvision.models.segmentation.deeplabv3_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=5, aux_loss=True)';
  const bias = savedWeights(ctor, 'classifier.4.bias', join(dir, 'seg.pth'));
  const { onnx } = exportWith('export_network.py', ['--arch', 'deeplabv3_mobilenet_v3_large', '--task', 'segment', '--classes', '5', '--aux', '--weights', join(dir, 'seg.pth'), '--size', '64']);
  await matchesTorch(onnx, ['image']);
  assert.ok(hasInitializer(onnx, bias), 'the classifier bias of the state dict is in the export');
  const m = parseModel(readFileSync(onnx));
  assert.deepEqual(m.graph!.output.map((o) => o.name), ['logits']);
  assert.ok(!m.graph!.node.some((n) => n.name.startsWith('/aux_classifier/')), 'no aux head in the graph');
});

test('export_network.py --module exports a user-defined module', async () => {
  const { onnx } = exportWith('export_network.py', ['--module', 'tiny_segmenter:make_segmenter', '--size', '32']);
  await matchesTorch(onnx, ['image']);
  assert.ok(nodeNames(onnx).includes('/layer1/layer1.0/Conv'));
});

test('export_biggan.py: class baked in (z only) or kept as input y; falls back to a fixed batch and says so', async () => {
  const fixed = exportWith('export_biggan.py', ['--module', 'tiny_biggan:make_biggan', '--class-index', '3']);
  await matchesTorch(fixed.onnx, ['z']);
  assert.match(fixed.stderr, /fixed batch of 1/);
  assert.ok(nodeNames(fixed.onnx).some((n) => n.startsWith('/generator/layers.2/softmax/')), 'self-attention softmax keeps its path');
  const cond = exportWith('export_biggan.py', ['--module', 'tiny_biggan:make_biggan', '--class-input']);
  await matchesTorch(cond.onnx, ['z', 'y']);
  assert.deepEqual(parseModel(readFileSync(cond.onnx)).graph!.input.map((i) => i.name), ['z', 'y']);
});

test('the scripts fail loudly, with exit code 2 and what to install, when torch cannot be imported', () => {
  // -S skips site-packages, where Debian's torch lives.
  const r = python([join(SCRIPTS, 'export_network.py'), '--arch', 'resnet18', '--out', join(dir, 'x.onnx')], ['-S']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /PyTorch is not importable/);
  assert.match(r.stderr, /python3-torch/);
});
