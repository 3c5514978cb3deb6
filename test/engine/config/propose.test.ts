import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../helpers/cli';
import { configErrors, loadConfig } from '../../../src/engine/config/load';
import { loadStitchSetup } from '../../../src/engine/stitch/setup';

const DEMO = resolve(__dirname, '../../../demo');

/** A user's folder: two models copied from the demo and a folder of images, no config. */
function ownWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-init-'));
  mkdirSync(join(dir, 'models'));
  for (const f of ['extractor.onnx', 'generator.onnx']) cpSync(join(DEMO, 'models', f), join(dir, 'models', f));
  cpSync(join(DEMO, 'data/val/images'), join(dir, 'tiles'), { recursive: true });
  return dir;
}

test('gan-lens init proposes a config from the models alone: it validates, pairs by sampling distance, and stitches', async () => {
  const dir = ownWorkspace();
  const file = join(dir, 'mine.ganlens.json');
  const r = await runCli(['init', file, '--extractor', join(dir, 'models/extractor.onnx'), '--generator', join(dir, 'models/generator.onnx'), '--images', join(dir, 'tiles'), '--layer', 'layer2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /pair: layer2\S* \(32×16×16\) → \S+ \(\d+×16×16\)/);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { extractor: { model: string; input: string; inputSize: number[] }; generator: { latents: { input: string; shape: number[] }[] }; data: { train: { folder: string } } };
  assert.deepEqual(configErrors(raw), [], 'the JSON schema accepts it');
  assert.deepEqual([raw.extractor.model, raw.extractor.input, raw.extractor.inputSize], ['models/extractor.onnx', 'image', [128, 128]], 'paths relative to the config, the real input name and size');
  assert.deepEqual(raw.generator.latents.map((l) => [l.input, l.shape]), [['z', [128]]], "the generator's real latent input and shape");
  assert.equal(raw.data.train.folder, 'tiles');
  const config = loadConfig(file);
  const setup = await loadStitchSetup(config, config.pairs[0]!);
  assert.deepEqual(setup.models.pair.fromShape.slice(1), setup.models.pair.toShape.slice(1), 'the generator layer has the same spatial size');
  // Without --layer: the most down-sampled layer that has a partner.
  const auto = await runCli(['init', join(dir, 'auto.ganlens.json'), '--extractor', join(dir, 'models/extractor.onnx'), '--generator', join(dir, 'models/generator.onnx'), '--images', join(dir, 'tiles')]);
  assert.equal(auto.code, 0, auto.stderr);
  assert.match(auto.stdout, /pair: layer4\S* \(128×4×4\)/);
});

test('gan-lens init refuses what cannot work, saying why', async () => {
  const dir = ownWorkspace();
  const m = (f: string): string => join(dir, 'models', f);
  const swapped = await runCli(['init', join(dir, 'x.ganlens.json'), '--extractor', m('generator.onnx'), '--generator', m('extractor.onnx'), '--images', join(dir, 'tiles')]);
  assert.equal(swapped.code, 2);
  assert.match(swapped.stderr, /extractor\.onnx is not a generator GAN Lens can drive: no latent input/);
  const noImages = await runCli(['init', join(dir, 'x.ganlens.json'), '--extractor', m('extractor.onnx'), '--generator', m('generator.onnx'), '--images', join(dir, 'nope')]);
  assert.equal(noImages.code, 2);
  assert.match(noImages.stderr, /nope does not exist/);
  const ok = ['--extractor', m('extractor.onnx'), '--generator', m('generator.onnx'), '--images', join(dir, 'tiles')];
  assert.equal((await runCli(['init', join(dir, 'y.ganlens.json'), ...ok])).code, 0);
  const again = await runCli(['init', join(dir, 'y.ganlens.json'), ...ok]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists/);
  assert.equal((await runCli(['init', join(dir, 'y.ganlens.json'), ...ok, '--force'])).code, 0);
  assert.equal((await runCli(['init', join(dir, 'y.json'), ...ok])).code, 2, 'the name must end in .ganlens.json');
});
