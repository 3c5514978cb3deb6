import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../../src/engine/cli/main';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { openLibrary, libraryDir, updateLibrary } from '../../../src/engine/vectors/library';
import { withLock } from '../../../src/engine/vectors/lock';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { f32, tensorToProto } from '../../../src/engine/onnx/tensor';
import { writeModel } from '../../../src/engine/onnx/io';
import { tinyWorkspace } from '../vectors/fixture';
import { captureCli } from './capture';

after(() => clearSessionCache());

function segWorkspace(): { dir: string; cfgFile: string } {
  const { dir } = tinyWorkspace();
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
  return { dir, cfgFile };
}

test('vectors pick --class outside the network\'s classes exits 2 and leaves the library untouched', async () => {
  const { dir, cfgFile } = segWorkspace();
  const c = ['--config', cfgFile, '--library', 'p'];
  assert.equal(await main(['vectors', 'sample', ...c, '--layer', 'up0', '--n', '3']), 0);
  const before = readFileSync(join(libraryDir(dir, 'p'), 'library.json'), 'utf8');
  const r = await captureCli(['vectors', 'pick', ...c, '--network', 'seg', '--class', '99', '--as', 'x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Class 99 does not exist: .* has 3 classes \(0–2\)/);
  assert.equal(readFileSync(join(libraryDir(dir, 'p'), 'library.json'), 'utf8'), before);
  assert.equal((await captureCli(['vectors', 'pick', ...c, '--network', 'seg', '--class', '-1', '--as', 'x'])).code, 2);
});

test('vectors list survives any stored entry: null scores, missing fields, non-object entries', async () => {
  const { dir, configFile } = tinyWorkspace();
  assert.equal(await main(['vectors', 'sample', '--config', configFile, '--layer', 'up0', '--n', '3', '--library', 'odd']), 0);
  const file = join(libraryDir(dir, 'odd'), 'library.json');
  const meta = JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] };
  meta.entries = [{ id: 'v1', name: 'v1', tags: null, provenance: null, scores: { class99: null, good: 0.5 } }, 'junk', { scores: 'x' }];
  writeFileSync(file, JSON.stringify(meta));
  const r = await captureCli(['vectors', 'list', '--config', configFile, '--library', 'odd']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /v1\tv1\t\tmanual\tgood=0\.5000/);
  assert.equal(r.stdout.trim().split('\n').length, 4);
  assert.deepEqual(openLibrary(libraryDir(dir, 'odd')).entries.map((e) => e.id), ['v1', 'entry2', 'entry3']);
  const broken = join(libraryDir(dir, 'odd'), 'library.json');
  writeFileSync(broken, JSON.stringify({ format: 'gan-lens-vector-library', entries: 5 }));
  const b = await captureCli(['vectors', 'list', '--config', configFile, '--library', 'odd']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /library\.json is damaged/);
});

test('a lock left by a process that is gone is taken over at once; a live owner still blocks', async () => {
  const { dir } = tinyWorkspace();
  const lock = join(dir, 'lib', 'library.lock');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(dead.stdout);
  assert.ok(deadPid > 0);
  await withLock(lock, () => undefined);
  writeFileSync(lock, `${deadPid}\n`);
  const t0 = Date.now();
  await updateLibrary(join(dir, 'lib'), { generator: 'g', layer: 'l', tensor: 't', channels: 2 }, (l) => l.add(new Float32Array(2), { provenance: { source: 'manual', generator: 'g', layer: 'l', tensor: 't' } }));
  assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  assert.equal(openLibrary(join(dir, 'lib')).size, 1);
  // A lock held by a running process (this one's parent) is respected until the timeout.
  writeFileSync(lock, `${process.ppid}\n`);
  await assert.rejects(withLock(lock, () => undefined, 300), /has been locked by another GAN Lens process/);
});
