import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/engine/cli/main';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { encodeRgbPng } from '../../../src/engine/paint/mask';
import { openLibrary, libraryDir } from '../../../src/engine/vectors/library';
import { tinyWorkspace } from './fixture';

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
