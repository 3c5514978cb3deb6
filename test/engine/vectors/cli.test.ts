import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/engine/cli/main';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { encodeRgbPng } from '../../../src/engine/paint/mask';
import { openLibrary, libraryDir } from '../../../src/engine/vectors/library';
import { tinyWorkspace } from './fixture';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { f32, tensorToProto } from '../../../src/engine/onnx/tensor';
import { writeModel } from '../../../src/engine/onnx/io';

after(() => clearSessionCache());

test('gan-lens vectors sample/list/tag/visualize/rank/appendix, paint and paint-batch on a tiny workspace', async () => {
  const { dir, configFile } = tinyWorkspace();
  const c = ['--config', configFile];
  assert.equal(await main(['vectors', 'sample', ...c, '--layer', 'up0', '--n', '6', '--seed', '2', '--library', 'tiny']), 0);
  assert.equal(await main(['vectors', 'rename', ...c, '--library', 'tiny', '--vector', 'v1', '--to', 'red']), 0);
  assert.equal(await main(['vectors', 'tag', ...c, '--library', 'tiny', '--vector', 'red', '--add', 'tumour-like']), 0);
  assert.equal(await main(['vectors', 'remove', ...c, '--library', 'tiny', '--vector', 'v6']), 0);
  assert.equal(await main(['vectors', 'list', ...c]), 0);
  const lib = openLibrary(libraryDir(dir, 'tiny'));
  assert.deepEqual(lib.entries.map((e) => e.name), ['red', 'v2', 'v3', 'v4', 'v5']);
  assert.deepEqual(lib.get('red').entry.tags, ['tumour-like']);

  assert.equal(await main(['vectors', 'visualize', ...c, '--library', 'tiny', '--vectors', 'red,v2', '--grids', '0,1,2', '--out', join(dir, 'vis')]), 0);
  assert.ok(existsSync(join(dir, 'vis', 'red.png')) && existsSync(join(dir, 'vis', 'all.png')));

  assert.equal(await main(['vectors', 'rank', ...c, '--layer', 'up0', '--n', '6', '--feature-layer', 'block1', '--top', '2', '--library', 'ranked', '--keep', '1', '--out', join(dir, 'rank')]), 0);
  const scores = JSON.parse(readFileSync(join(dir, 'rank', 'scores.json'), 'utf8')) as { scores: unknown[]; featureLayer: string };
  assert.equal(scores.scores.length, 6);
  assert.equal(scores.featureLayer, 'block1');
  assert.deepEqual(openLibrary(libraryDir(dir, 'ranked')).entries.map((e) => e.tags[0]), ['tileable', 'non-tileable']);

  writeFileSync(join(dir, 'palette.json'), JSON.stringify({ library: 'tiny', keep: '#00ff00', colors: [{ color: '#ff0000', vector: 'red', label: 3 }] }));
  const rgb = new Uint8Array(16 * 16 * 3);
  for (let p = 0; p < 256; p++) rgb.set(p % 16 < 8 ? [255, 0, 0] : [0, 255, 0], p * 3);
  writeFileSync(join(dir, 'mask.png'), await encodeRgbPng(rgb, 16, 16));
  assert.equal(await main(['paint', ...c, '--mask', join(dir, 'mask.png'), '--palette', join(dir, 'palette.json'), '--seed', '4', '--variations', '2', '--out', join(dir, 'painted')]), 0);
  assert.ok(['image_0.png', 'image_1.png', 'mask.png', 'mask_rgb.png', 'paint.json'].every((f) => existsSync(join(dir, 'painted', f))));
  assert.equal(await main(['paint-batch', ...c, '--n', '3', '--palette', join(dir, 'palette.json'), '--shapes', 'blobs', '--out', join(dir, 'batch')]), 0);
  assert.ok(existsSync(join(dir, 'batch', 'masks', '000002.png')) && existsSync(join(dir, 'batch', 'palette.json')));

  assert.equal(await main(['vectors', 'appendix', ...c, '--layer', 'up0', '--feature-layer', 'block1', '--grids', '0,2', '--n', '2', '--repeats', '1', '--steps', '3', '--out', join(dir, 'app')]), 0);
  const app = JSON.parse(readFileSync(join(dir, 'app', 'appendix.json'), 'utf8')) as { grids: { grid: number }[] };
  assert.deepEqual(app.grids.map((g) => g.grid), [0, 2]);
  assert.match(readFileSync(join(dir, 'app', 'appendix.svg'), 'utf8'), /<svg/);

  // Mistakes exit 2.
  assert.equal(await main(['vectors', 'frobnicate']), 2);
  assert.equal(await main(['vectors', 'sample', ...c, '--n', '2']), 2);
  assert.equal(await main(['vectors', 'sample', ...c, '--layer', 'nolayer', '--n', '2']), 2);
  assert.equal(await main(['paint', ...c, '--mask', join(dir, 'mask.png'), '--palette', join(dir, 'palette.json'), '--library', 'missing', '--out', join(dir, 'x')]), 2);
  writeFileSync(join(dir, 'bad-palette.json'), JSON.stringify({ library: 'tiny', colors: [{ color: '#ff0000', vector: 'nope' }] }));
  assert.equal(await main(['paint', ...c, '--mask', join(dir, 'mask.png'), '--palette', join(dir, 'bad-palette.json'), '--out', join(dir, 'x')]), 2);
});

test('gan-lens vectors pick names the most confident vector, and gives a second name its own entry', async () => {
  const { dir } = tinyWorkspace();
  // A 1x1-conv "segmenter" with 3 classes on the tiny workspace's 32² input.
  const seg = model(
    graph({
      name: 'seg',
      nodes: [node('Conv', ['image', 'w'], ['logits'], { kernel_shape: [1, 1] })],
      inputs: [valueInfo('image', 'float32', ['batch', 3, 32, 32])],
      outputs: [valueInfo('logits', 'float32', ['batch', 3, 32, 32])],
      initializers: [tensorToProto('w', f32([3, 3, 1, 1], [1, 0, -1, 0, 1, 0, -1, 0, 1]))],
    }),
  );
  writeModel(join(dir, 'seg.onnx'), seg);
  const cfgFile = join(dir, 'seg.ganlens.json');
  const cfg = JSON.parse(readFileSync(join(dir, 'tiny.ganlens.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(cfgFile, JSON.stringify({ ...cfg, testNetworks: { seg: { model: 'seg.onnx', inputSize: [32, 32] } } }));
  const c = ['--config', cfgFile, '--library', 'p'];
  assert.equal(await main(['vectors', 'sample', ...c, '--layer', 'up0', '--n', '6']), 0);
  assert.equal(await main(['vectors', 'pick', ...c, '--network', 'seg', '--class', '0', '--as', 'reddish']), 0);
  assert.equal(await main(['vectors', 'pick', ...c, '--network', 'seg', '--class', '0', '--as', 'reddish-grid', '--grid', '2']), 0);
  const lib = openLibrary(libraryDir(dir, 'p'));
  const a = lib.get('reddish');
  const b = lib.get('reddish-grid');
  assert.deepEqual(a.entry.tags, ['class0']);
  assert.ok(a.entry.scores.class0! >= Math.max(...lib.entries.map((e) => e.scores.class0 ?? -1)));
  assert.ok(typeof b.entry.scores.class0_grid2 === 'number');
  // The same winner picked under another name: the name gets a copy of the vector, the first name stays.
  assert.equal(await main(['vectors', 'pick', ...c, '--network', 'seg', '--class', '0', '--as', 'again']), 0);
  const lib2 = openLibrary(libraryDir(dir, 'p'));
  assert.equal(lib2.get('again').entry.notes, `copy of ${a.entry.id}`);
  assert.deepEqual([...lib2.get('again').vector], [...a.vector]);
  assert.equal(lib2.get('reddish').entry.id, a.entry.id);
  assert.equal(await main(['vectors', 'pick', ...c, '--network', 'nonet', '--class', '0', '--as', 'x']), 2);
});
