import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/engine/config/load';
import { outsideNotes, pathsOutside } from '../../../src/engine/config/paths';
import { tinyWorkspace } from '../vectors/fixture';

test('config paths that leave the config folder are named with their key; paths inside are not', () => {
  const { dir, configFile } = tinyWorkspace();
  assert.deepEqual(pathsOutside(loadConfig(configFile)), []);
  const sub = join(dir, 'sub');
  mkdirSync(sub);
  const cfg = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, Record<string, unknown>>;
  cfg.extractor!.model = '../extractor.onnx';
  cfg.generator!.model = '../generator.onnx';
  const moved = join(sub, 'moved.ganlens.json');
  writeFileSync(moved, JSON.stringify({ ...cfg, output: '../../x' }));
  const loaded = loadConfig(moved);
  assert.deepEqual(pathsOutside(loaded).map((p) => p.key).sort(), ['/extractor/model', '/generator/model', '/output']);
  assert.match(outsideNotes(loaded)[0]!, /moved\.ganlens\.json: \/extractor\/model resolves to .*extractor\.onnx, outside the config's folder/);
  assert.deepEqual(pathsOutside(loaded, [dir]).map((p) => p.key), ['/output']);
});
