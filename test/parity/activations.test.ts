/**
 * Parity: cut / inject / run reproduce PyTorch's intermediate activations. Criterion: max |ONNX − torch| ≤ 1e-4 ·
 * max(1, max |torch|) per tensor (the activations here are of order 1, so this is an absolute 1e-4; measured diffs are
 * ~1e-6). Splitting a model (inject fed with cut) equals the whole model bit for bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveLayer } from '../../src/engine/onnx/analysis';
import { analyzeModel } from '../../src/engine/model/analyze';
import { readModel } from '../../src/engine/onnx/io';
import { cut, inject } from '../../src/engine/onnx/surgery';
import type { ModelProto } from '../../src/engine/onnx/gen/onnx_pb';
import type { HostTensor } from '../../src/engine/onnx/tensor';
import { clearSessionCache, openSession } from '../../src/engine/runtime/session';
import { readNpy } from '../../src/engine/runtime/npy';
import { torchvisionFixtures, type TorchFixtures } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';

const fx = torchvisionFixtures();
const TOLERANCE = 1e-4;

function assertClose(got: HostTensor, ref: HostTensor, what: string): number {
  assert.deepEqual(got.dims, ref.dims, `${what}: dims`);
  const a = got.data as Float32Array;
  const b = ref.data as Float32Array;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  assert.ok(diff <= TOLERANCE * scale, `${what}: max |Δ| = ${diff.toExponential(2)} > ${TOLERANCE} · ${scale.toFixed(2)}`);
  return diff;
}

function assertBitEqual(a: HostTensor, b: HostTensor, what: string): void {
  assert.deepEqual(a.dims, b.dims, `${what}: dims`);
  assert.ok(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength)), `${what}: bits differ`);
}

async function run(m: ModelProto, feeds: Record<string, HostTensor>, outputs?: string[]): Promise<Record<string, HostTensor>> {
  const s = await openSession(m, { optimization: 'basic' });
  return s.run(feeds, outputs);
}

type Fixture = TorchFixtures['models'][string];
const ref = (m: Fixture, module: string): HostTensor => readNpy(join(m.refDir, m.refs.find((r) => r.module === module)!.file));

/** Taps where inject is checked: an early, a middle and a late layer. */
const INJECT_AT: Record<string, string[]> = {
  resnet50: ['layer1.0', 'layer2', 'layer4'],
  resnet34: ['layer2', 'layer3'],
  vgg19_bn: ['features.26'], // one: every VGG suffix carries the 500 MB classifier
  dcgan: ['blocks.0', 'blocks.2.up'],
};

for (const name of ['resnet50', 'resnet34', 'vgg19_bn', 'dcgan']) {
  test(`${name}: cut reproduces PyTorch at every tap; inject fed with cut equals the whole model bit for bit`, async (t) => {
    const m = fx.models[name]!;
    const model = readModel(m.path);
    const a = await analyzeModel(model, { file: m.path });
    const input = { [m.input]: readNpy(join(m.refDir, 'input.npy')) };
    const taps = m.refs.filter((r) => r.module !== m.output);
    const tensors = taps.map((r) => resolveLayer(a, r.module).tensor);
    const acts = await run(cut(model, tensors), input);
    let worst = 0;
    taps.forEach((r, i) => (worst = Math.max(worst, assertClose(acts[tensors[i]!]!, ref(m, r.module), `${name} ${r.module}`))));

    const whole = (await run(model, input))[m.output]!;
    assertClose(whole, ref(m, m.output), `${name} output`);
    for (const alias of INJECT_AT[name]!) {
      const tensor = resolveLayer(a, alias).tensor;
      const tail = inject(model, tensor);
      assert.deepEqual(tail.graph!.input.map((i) => i.name), [tensor]);
      assertBitEqual((await run(tail, { [tensor]: acts[tensor]! }))[m.output]!, whole, `${name} split at ${alias}`);
      // fed with PyTorch's activation, the suffix reproduces PyTorch's output
      assertClose((await run(tail, { [tensor]: ref(m, alias) }))[m.output]!, ref(m, m.output), `${name} inject at ${alias}`);
    }
    t.diagnostic(`worst max |Δ| over ${taps.length} taps: ${worst.toExponential(2)}`);
    await clearSessionCache(); // VGG sessions hold gigabytes
  });
}

test('gan-lens run writes ResNet50 layer1..layer4 as .npy equal to PyTorch', async () => {
  const m = fx.models.resnet50!;
  const out = mkdtempSync(join(tmpdir(), 'gan-lens-parity-'));
  const argv = ['run', m.path, '--input', `image=${join(m.refDir, 'input.npy')}`, '--out', out];
  for (const l of ['layer1', 'layer2', 'layer3', 'layer4', 'logits']) argv.push('--output', l);
  const r = await runCli(argv);
  assert.equal(r.code, 0, r.stderr);
  for (const l of ['layer1', 'layer2', 'layer3', 'layer4', 'logits']) assertClose(readNpy(join(out, `${l}.npy`)), ref(m, l), `run ${l}`);
});
