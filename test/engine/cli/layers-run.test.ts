import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModel } from '../../../src/engine/onnx/io';
import { readNpy, writeNpy } from '../../../src/engine/runtime/npy';
import { openSession } from '../../../src/engine/runtime/session';
import { cut } from '../../../src/engine/onnx/surgery';
import { f32, i64 } from '../../../src/engine/onnx/tensor';
import type { ModelAnalysis } from '../../../src/protocol/model';
import { safeName } from '../../../src/engine/cli/commands/run';
import { randomF32, tinyExtractor, tinyGenerator } from '../../helpers/models';
import { runCli, spawnCli } from '../../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'gan-lens-cli-'));
const extractor = join(dir, 'tiny.onnx');
const generator = join(dir, 'gen.onnx');
writeModel(extractor, tinyExtractor());
writeModel(generator, tinyGenerator());
const image = randomF32([2, 3, 32, 32], 5);
writeNpy(join(dir, 'image.npy'), image);

test('layers prints a table with names, aliases, shapes and sampling distances', async () => {
  const r = await runCli(['layers', extractor]);
  assert.equal(r.code, 0, r.stderr);
  const row = r.stdout.split('\n').find((l) => l.startsWith('block2.act'));
  assert.ok(row, r.stdout);
  assert.match(row, /^block2\.act\s+block2\s+Relu\s+\[N, 16, 8, 8\]\s+8×8\s+2$/);
  assert.match(r.stdout, /input {2}image float32 \[N, 3, 32, 32\] \(image\)/);
  assert.match(r.stdout, /kind extractor/);
});

test('layers --json --input-size gives the analysis at that size', async () => {
  const r = await runCli(['layers', extractor, '--json', '--input-size', '64,48']);
  assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout) as ModelAnalysis;
  const l = a.layers.find((x) => x.aliases.includes('block1'))!;
  assert.deepEqual(l.shape, ['N', 8, 32, 24]);
  assert.equal(l.samplingDistance, 1);
  const g = JSON.parse((await runCli(['layers', generator, '--json'])).stdout) as ModelAnalysis;
  assert.equal(g.summary.kind, 'generator');
  assert.equal(g.layers.find((x) => x.name === 'up0.act')!.samplingDistance, 1);
});

test('run writes graph outputs and intermediate tensors (by alias, name or tensor) as .npy', async () => {
  const out = join(dir, 'out1');
  const r = await runCli(['run', extractor, '--input', `image=${join(dir, 'image.npy')}`, '--output', 'block1', '--output', 'logits', '--output', '/stem/Conv_output_0', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['block1.npy', 'logits.npy', 'stem_Conv_output_0.npy']);
  const block1 = readNpy(join(out, 'block1.npy'));
  assert.deepEqual(block1.dims, [2, 8, 16, 16]);
  const s = await openSession(cut(tinyExtractor(), '/block1/act/Relu_output_0'));
  const expected = (await s.run({ image }))['/block1/act/Relu_output_0']!;
  assert.deepEqual([...block1.data], [...expected.data]);
  assert.deepEqual(readNpy(join(out, 'logits.npy')).dims, [2, 10]);
  // default: all graph outputs; a single-input model takes --input file.npy
  const out2 = join(dir, 'out2');
  assert.equal((await runCli(['run', extractor, '--input', join(dir, 'image.npy'), '--out', out2])).code, 0);
  assert.deepEqual(readdirSync(out2), ['logits.npy']);
});

test('run needs only the inputs the requested tensors depend on', async () => {
  writeNpy(join(dir, 'z.npy'), randomF32([1, 16], 1));
  writeNpy(join(dir, 'class.npy'), i64([1], [2]));
  const out = join(dir, 'out3');
  const r = await runCli(['run', generator, '--input', `z=${join(dir, 'z.npy')}`, '--input', `class=${join(dir, 'class.npy')}`, '--output', 'up0', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readNpy(join(out, 'up0.npy')).dims, [1, 8, 8, 8]);
  const missing = await runCli(['run', generator, '--input', `z=${join(dir, 'z.npy')}`, '--input', `class=${join(dir, 'class.npy')}`, '--out', out]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /needs input noise[\s\S]*--input noise=file\.npy/);
});

test('bad input exits 2 with a message naming file, tensor and shape', async () => {
  const out = join(dir, 'bad');
  writeNpy(join(dir, 'wrong-shape.npy'), f32([2, 3, 30, 32]));
  writeNpy(join(dir, 'wrong-dtype.npy'), { dtype: 'float64', dims: [1, 3, 32, 32], data: new Float64Array(3 * 32 * 32) });
  writeFileSync(join(dir, 'garbage.onnx'), 'this is not a model');
  const cases: [string[], RegExp][] = [
    [['run', extractor, '--input', `image=${join(dir, 'wrong-shape.npy')}`, '--out', out], /wrong-shape\.npy has shape \[2, 3, 30, 32\] but input 'image' takes \[batch, 3, 32, 32\]/],
    [['run', extractor, '--input', `image=${join(dir, 'wrong-dtype.npy')}`, '--out', out], /float64 data but input 'image' takes float32[\s\S]*astype/],
    [['run', extractor, '--input', `img=${join(dir, 'image.npy')}`, '--out', out], /has no input 'img'/],
    [['run', extractor, '--input', `image=${join(dir, 'image.npy')}`, '--output', 'blok2', '--out', out], /no layer or tensor named 'blok2'[\s\S]*'block2'/],
    [['run', extractor, '--input', `image=${join(dir, 'missing.npy')}`, '--out', out], /missing\.npy does not exist/],
    [['run', extractor, '--input', `image=${join(dir, 'image.npy')}`], /needs --out/],
    [['layers', join(dir, 'garbage.onnx')], /garbage\.onnx is not a valid ONNX model/],
    [['layers', join(dir, 'nope.onnx')], /nope\.onnx does not exist/],
    [['layers', extractor, '--input-size', 'big'], /--input-size 'big'/],
    [['layers', extractor, '--frobnicate'], /frobnicate/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, 2, `${argv.join(' ')} → ${r.code}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
  }
});

test('safe file names for tensor names', () => {
  assert.equal(safeName('layer1.2.relu_2'), 'layer1.2.relu_2');
  assert.equal(safeName('/layer1/layer1.0/Add_output_0'), 'layer1_layer1.0_Add_output_0');
  assert.equal(safeName('../../etc/passwd'), '__.._etc_passwd');
  assert.equal(safeName('onnx::Conv_12'), 'onnx_Conv_12');
});

test('the real CLI process exits 0 on success and 2 on bad input', () => {
  const ok = spawnCli(['layers', extractor]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /block2\.act/);
  writeNpy(join(dir, 'wrong-shape.npy'), f32([2, 3, 30, 32]));
  const bad = spawnCli(['run', extractor, '--input', `image=${join(dir, 'wrong-shape.npy')}`, '--out', join(dir, 'x')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /gan-lens run: .*wrong-shape\.npy has shape/);
});
