import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli';
import { encodePng } from '../../../src/engine/runtime/image';
import { readNpy } from '../../../src/engine/runtime/npy';
import type { InversionFile } from '../../../src/engine/geninv/run';
import { inversionWorkspace } from './fixtures';

/** Two 16×16 images (left half dark, right half bright) and their two-class masks. */
async function imageFolder(dir: string): Promise<{ images: string; masks: string }> {
  const images = join(dir, 'images');
  const masks = join(dir, 'masks');
  mkdirSync(images);
  mkdirSync(masks);
  for (let i = 0; i < 2; i++) {
    const img = new Float32Array(3 * 256);
    const mask = new Float32Array(256);
    for (let p = 0; p < 256; p++) {
      const right = p % 16 >= 8 - i * 2;
      for (let c = 0; c < 3; c++) img[c * 256 + p] = right ? 0.8 - 0.2 * c : 0.15 + 0.1 * c;
      mask[p] = right ? 1 / 255 : 0;
    }
    writeFileSync(join(images, `tile_${i}.png`), await encodePng({ dtype: 'float32', dims: [3, 16, 16], data: img }));
    writeFileSync(join(masks, `tile_${i}.png`), await encodePng({ dtype: 'float32', dims: [1, 16, 16], data: mask }));
  }
  return { images, masks };
}

test('invert-generator, interpolate and segment write their folders from one inversion', async () => {
  const ws = inversionWorkspace();
  const { images, masks } = await imageFolder(ws.dir);
  const inv = join(ws.dir, 'inv');
  const r = await runCli(['invert-generator', '--config', ws.config, '--images', images, '--steps-z', '30', '--steps-delta', '30', '--batch', '2', '--feature-layer', 'block1', '--out', inv]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Inverted 2 real images into .*\/fc\/Gemm_output_0, 64/);
  const file = JSON.parse(readFileSync(join(inv, 'inversion.json'), 'utf8')) as InversionFile;
  assert.equal(file.images.length, 2);
  assert.equal(file.features?.tensor, '/block1/act/Relu_output_0');
  for (const rec of file.images) {
    for (const f of ['target.png', 'g_z.png', 'g_h.png', 'z.npy', 'h0.npy', 'delta.npy', 'h.npy', 'metrics.json']) assert.ok(existsSync(join(inv, rec.dir, f)), `${rec.dir}/${f}`);
    assert.deepEqual(readNpy(join(inv, rec.dir, 'h.npy')).dims, [1, 64]);
    // The layer step starts at δ = 0 and keeps its best iterate by error + λδ‖δ‖₁, so the error (not the MSE alone) never rises.
    assert.ok(rec.errorH <= rec.errorZ, `${rec.dir}: error at h* ${rec.errorH} vs at z* ${rec.errorZ}`);
  }
  assert.match(readFileSync(join(inv, 'errors.svg'), 'utf8'), /^<svg/);

  const interp = join(ws.dir, 'interp');
  const i = await runCli(['interpolate', '--config', ws.config, '--inversion', inv, '--steps', '4', '--random', '1', '--out', interp]);
  assert.equal(i.code, 0, i.stderr);
  const strips = (JSON.parse(readFileSync(join(interp, 'interpolation.json'), 'utf8')) as { strips: { file: string; kind: string }[] }).strips;
  assert.deepEqual(strips.map((s) => s.kind).sort(), ['gap', 'gap', 'pair', 'pair', 'random', 'random']);
  for (const s of strips) assert.ok(existsSync(join(interp, s.file)));
  const fromTo = await runCli(['interpolate', '--config', ws.config, '--from', join(inv, 'images/tile_0/h.npy'), '--to', join(inv, 'images/tile_1/h0.npy'), '--steps', '3', '--out', join(ws.dir, 'ft')]);
  assert.equal(fromTo.code, 0, fromTo.stderr);

  const seg = join(ws.dir, 'seg');
  const s = await runCli(['segment', '--config', ws.config, '--inversion', inv, '--k', '2,5', '--masks', masks, '--out', seg]);
  assert.equal(s.code, 0, s.stderr);
  const out = JSON.parse(readFileSync(join(seg, 'segmentation.json'), 'utf8')) as {
    attention: { tensor: string; grid: { query: number[]; key: number[] } };
    summary: { attention: Record<string, { ari: { mean: number } }>; colourBaseline: Record<string, { ari: { mean: number } }> };
  };
  assert.equal(out.attention.tensor, '/attn/softmax/Softmax_output_0');
  assert.deepEqual(out.attention.grid, { query: [8, 8], key: [4, 4] });
  for (const k of ['2', '5']) assert.ok(out.summary.attention[k]!.ari.mean >= -1 && out.summary.attention[k]!.ari.mean <= 1);
  // Two flat colours: the colour baseline with k=2 finds the halves exactly.
  assert.equal(out.summary.colourBaseline['2']!.ari.mean, 1);
  assert.ok(existsSync(join(seg, 'tile_0.png')));
});

test("invert-generator takes its defaults from the config's generatorInversion section; flags override it", async () => {
  const ws = inversionWorkspace();
  const cfg = JSON.parse(readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
  cfg.generatorInversion = { featureLayer: 'block1', stepsZ: 7, stepsDelta: 5, restarts: 2, exploreSteps: 3, lrDelta: 0.02, decay: 'none', deltaOptimizer: 'lbfgs', lambda: { feat: 0.25 } };
  writeFileSync(ws.config, JSON.stringify(cfg));
  const run = async (extra: string[]): Promise<InversionFile> => {
    const out = join(ws.dir, `inv-${extra.length}`);
    const r = await runCli(['invert-generator', '--config', ws.config, '--generated', '2', '--batch', '2', ...extra, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(readFileSync(join(out, 'inversion.json'), 'utf8')) as InversionFile;
  };
  const fromConfig = await run([]);
  assert.equal(fromConfig.features?.tensor, '/block1/act/Relu_output_0');
  assert.deepEqual(
    [fromConfig.options.stepsZ, fromConfig.options.stepsDelta, fromConfig.options.restarts, fromConfig.options.exploreSteps, fromConfig.options.lrDelta, fromConfig.options.decay, fromConfig.options.weights.feat, fromConfig.options.deltaOptimizer],
    [7, 5, 2, 3, 0.02, 'none', 0.25, 'lbfgs'],
  );
  const overridden = await run(['--steps-z', '9', '--lambda-feat', '0.5', '--delta-optimizer', 'adam']);
  assert.equal(overridden.options.stepsZ, 9);
  assert.equal(overridden.options.deltaOptimizer, 'adam');
  assert.equal(overridden.options.weights.feat, 0.5);
  assert.equal(overridden.options.stepsDelta, 5, 'the rest still comes from the config');
});

test('the commands answer bad input with exit code 2 and a reason', async () => {
  const ws = inversionWorkspace();
  let r = await runCli(['invert-generator', '--config', ws.config, '--generated', '2']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /needs --out/);
  r = await runCli(['invert-generator', '--config', ws.config, '--generated', '2', '--layer', 'nope', '--out', join(ws.dir, 'x')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no layer or tensor named 'nope'/);
  r = await runCli(['invert-generator', '--config', ws.config, '--generated', '2', '--delta-optimizer', 'sgd', '--out', join(ws.dir, 'x')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--delta-optimizer sgd is not one of adam, lbfgs/);
  r = await runCli(['segment', '--config', ws.config, '--inversion', ws.dir, '--out', join(ws.dir, 'y')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not an inversion folder/);
  r = await runCli(['invert-generator', '--config', ws.config, '--generated', '1', '--steps-z', '2', '--steps-delta', '2', '--out', join(ws.dir, 'g')]);
  assert.equal(r.code, 0, r.stderr);
  r = await runCli(['invert-generator', '--config', ws.config, '--generated', '1', '--steps-z', '2', '--steps-delta', '2', '--compare', join(ws.dir, 'g'), '--out', join(ws.dir, 'g2')]);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(readFileSync(join(ws.dir, 'g2', 'fig5-errors.json'), 'utf8')) as { generated: { errorZ: { n: number } }; realGapMedianRatio: number };
  assert.equal(rep.generated.errorZ.n, 1);
  assert.ok(rep.realGapMedianRatio >= 1);
  assert.ok(existsSync(join(ws.dir, 'g2', 'fig5-errors.svg')));
  r = await runCli(['segment', '--config', ws.config, '--inversion', join(ws.dir, 'g'), '--attention', '/fc/Gemm_output_0', '--out', join(ws.dir, 'z')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /needs \[N, queries, keys\]/);
});
