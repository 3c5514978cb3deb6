import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor } from '../../helpers/models';
import { runCli } from '../../helpers/cli';
import { writeModel } from '../../../src/engine/onnx/io';
import { proceduralSource } from '../../../src/engine/image-sources/procedural';
import { encodePng, unstackImage } from '../../../src/engine/runtime/image';

async function workspace(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-invert-gd-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  mkdirSync(join(dir, 'images'));
  const batch = await proceduralSource(5, 3, 32).batch([0, 1, 2]);
  for (let i = 0; i < 3; i++) writeFileSync(join(dir, 'images', `tile-${i}.png`), await encodePng(unstackImage(batch, i)));
  return dir;
}

test('invert-gd writes reconstructions, a grid and metrics with a falling loss curve', async () => {
  const dir = await workspace();
  const out = join(dir, 'out');
  const r = await runCli(['invert-gd', '--model', join(dir, 'extractor.onnx'), '--layer', 'block2', '--images', join(dir, 'images'), '--reg', 'fourier-jitter', '--steps', '30', '--batch', '2', '--mean', '0.5,0.5,0.5', '--std', '0.25,0.25,0.25', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Inverted 3 image\(s\) from block2\.act \(fourier-jitter\): L1 [\d.]+ → [\d.]+/);
  for (const f of ['images/tile-0.png', 'images/tile-2.png', 'grid.png', 'metrics.json']) assert.ok(existsSync(join(out, f)), f);
  const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { lossCurve: number[]; images: { id: string; finalL1: number }[]; inputSize: number[]; layer: { tensor: string } };
  assert.equal(m.lossCurve.length, 30);
  assert.ok(m.lossCurve[29]! < m.lossCurve[0]!);
  assert.deepEqual(m.inputSize, [32, 32]);
  assert.equal(m.layer.tensor, '/block2/act/Relu_output_0');
  assert.deepEqual(m.images.map((i) => i.id), ['tile-0', 'tile-1', 'tile-2']);
});

test('invert-gd names what is wrong: missing flags, unknown regularisation, unknown layer', async () => {
  const dir = await workspace();
  const base = ['--model', join(dir, 'extractor.onnx'), '--images', join(dir, 'images'), '--out', join(dir, 'o')];
  const missing = await runCli(['invert-gd', ...base, '--reg', 'none']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /needs --layer/);
  const reg = await runCli(['invert-gd', ...base, '--layer', 'block1', '--reg', 'tv']);
  assert.equal(reg.code, 2);
  assert.match(reg.stderr, /--reg tv is not none or fourier-jitter/);
  const layer = await runCli(['invert-gd', ...base, '--layer', 'block9', '--reg', 'none']);
  assert.equal(layer.code, 2);
  assert.match(layer.stderr, /block9/);
});
