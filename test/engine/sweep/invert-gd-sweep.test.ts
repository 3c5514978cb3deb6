import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, prepare, readJson } from './cluster';
import { tinyWorkspace } from './tiny-workspace';
import { encodePng } from '../../../src/engine/runtime/image';
import { f32 } from '../../../src/engine/onnx/tensor';
import type { SweepPlan } from '../../../src/engine/sweep/types';
import type { GdRunMetrics } from '../../../src/engine/gd/outputs';

before(prepare);

/** The tiny workspace with its validation data as a folder of 6 PNGs, so `gan-lens invert-gd` reads the same files. */
async function workspaceWithImages(): Promise<{ dir: string; config: string; images: string }> {
  const w = tinyWorkspace('gan-lens-sweep-gd-');
  const images = join(w.dir, 'val');
  mkdirSync(images);
  for (let k = 0; k < 6; k++) {
    const v = Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => 0.5 + 0.45 * Math.sin(0.37 * i * (k + 1) + k));
    writeFileSync(join(images, `tile-${k}.png`), await encodePng(f32([3, 32, 32], v)));
  }
  const c = JSON.parse(readFileSync(w.config, 'utf8')) as { data: Record<string, unknown> };
  writeFileSync(w.config, JSON.stringify({ ...c, data: { ...c.data, val: { folder: 'val' } } }));
  return { ...w, images };
}

test('an invert-gd sweep in image shards merges into exactly what gan-lens invert-gd writes for all images', async () => {
  const { dir, config, images } = await workspaceWithImages();
  const run = join(dir, 'sweep');
  const p = cli(['sweep', 'plan', '--config', config, '--kind', 'invert-gd', '--layers', 'block1', '--regs', 'none,fourier-jitter', '--images', '6', '--shard-size', '2', '--gd-batch', '2', '--steps', '6', '--out', run]);
  assert.equal(p.code, 0, p.stderr);
  const plan = readJson<SweepPlan>(join(run, 'sweep.json'));
  assert.deepEqual(plan.items.map((i) => i.id), [
    '000-invert-gd-block1-none-0-2', '001-invert-gd-block1-none-2-4', '002-invert-gd-block1-none-4-6',
    '003-invert-gd-block1-fourier-jitter-0-2', '004-invert-gd-block1-fourier-jitter-2-4', '005-invert-gd-block1-fourier-jitter-4-6',
  ]);
  const r = cli(['sweep', 'run', run, '--scheduler', 'local', '--workers', '2']);
  assert.equal(r.code, 0, r.stderr);
  const m = cli(['sweep', 'merge', run]);
  assert.equal(m.code, 0, m.stderr);

  for (const reg of ['none', 'fourier-jitter']) {
    const direct = join(dir, `direct-${reg}`);
    const d = cli(['invert-gd', '--model', join(dir, 'extractor.onnx'), '--layer', 'block1', '--images', images, '--reg', reg, '--steps', '6', '--batch', '2', '--input-size', '32,32',
      '--mean', '0.5,0.5,0.5', '--std', '0.25,0.25,0.25', '--threads', '1', '--out', direct]);
    assert.equal(d.code, 0, d.stderr);
    const merged = join(run, 'merged', `block1-${reg}`);
    const want = readJson<GdRunMetrics>(join(direct, 'metrics.json'));
    const got = readJson<GdRunMetrics>(join(merged, 'metrics.json'));
    // Shards aligned to batches, every batch seeded by its global index: the same numbers image by image.
    assert.deepEqual(got.images, want.images, `${reg}: per-image final L1`);
    assert.deepEqual(got.finalL1, want.finalL1);
    assert.equal(got.lossCurve.length, want.lossCurve.length);
    got.lossCurve.forEach((v, k) => assert.ok(Math.abs(v - want.lossCurve[k]!) <= 1e-6 * Math.max(1, Math.abs(v)), `${reg} step ${k}: ${v} vs ${want.lossCurve[k]}`));
    assert.deepEqual([got.layer.tensor, got.reg, got.steps, got.batchSize, got.seed, got.inputSize], [want.layer.tensor, want.reg, want.steps, want.batchSize, want.seed, want.inputSize]);
    const files = readdirSync(join(direct, 'images')).sort();
    assert.deepEqual(readdirSync(join(merged, 'images')).sort(), files);
    for (const f of files) assert.ok(readFileSync(join(merged, 'images', f)).equals(readFileSync(join(direct, 'images', f))), `${reg} ${f}: same pixels`);
    assert.ok(readFileSync(join(merged, 'grid.png')).equals(readFileSync(join(direct, 'grid.png'))), `${reg}: same grid`);
  }
  assert.match(readFileSync(join(run, 'merged', 'invert-gd.md'), 'utf8'), /\| block1 \| fourier-jitter \| \d\.\d{4} ± \d\.\d{4} \|/);
});

test('invert-gd shards that would split a GD batch are refused with the size that works', () => {
  const { dir, config } = tinyWorkspace('gan-lens-sweep-gd-bad-');
  const r = cli(['sweep', 'plan', '--config', config, '--kind', 'invert-gd', '--shard-size', '3', '--gd-batch', '2', '--out', join(dir, 'sweep')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--shard-size 3 is not a multiple of the GD batch \(2\)/);
  assert.match(r.stderr, /--shard-size 4/);
});
