import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, prepare, readJson } from './cluster';
import { tinyWorkspace } from './tiny-workspace';
import type { CompatCell } from '../../../src/engine/stitch/compat';
import type { SweepPlan } from '../../../src/engine/sweep/types';

before(prepare);

test('a compat sweep (one item per cell) merges into the compat.json that gan-lens compat writes', () => {
  const { dir, config } = tinyWorkspace('gan-lens-sweep-compat-');
  const settings = ['--from', 'block1', '--samples', '16', '--validation-size', '4'];
  const direct = cli(['compat', '--config', config, ...settings, '--threads', '1', '--out', join(dir, 'direct')]);
  assert.equal(direct.code, 0, direct.stderr);
  const run = join(dir, 'sweep');
  assert.equal(cli(['sweep', 'plan', '--config', config, '--kind', 'compat', ...settings, '--out', run]).code, 0);
  assert.deepEqual(readJson<SweepPlan>(join(run, 'sweep.json')).items.map((i) => i.id), ['000-compat-block1--2', '001-compat-block1--1', '002-compat-block1-0', '003-compat-block1-+1', '004-compat-block1-+2']);
  const r = cli(['sweep', 'run', run, '--scheduler', 'local', '--workers', '2']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(cli(['sweep', 'merge', run]).code, 0);
  const want = readJson<{ cells: CompatCell[] }>(join(dir, 'direct', 'compat.json'));
  const got = readJson<{ cells: CompatCell[] }>(join(run, 'merged', 'compat.json'));
  assert.ok(want.cells.filter((c) => c.cosine !== null).length >= 2, 'the tiny generator has layers at two distances at least');
  assert.equal(want.cells.find((c) => c.offset === 0)!.relativeCosine, 1);
  assert.deepEqual(got, want);
  for (const f of ['compat-cosine.svg', 'compat-cosine.png', 'compat-l1.svg', 'compat-l1.png']) assert.ok(existsSync(join(run, 'merged', f)), f);
});
