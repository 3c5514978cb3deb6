import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, prepare, readJson } from './cluster';
import { tinyWorkspace } from './tiny-workspace';
import type { EvaluationReport } from '../../../src/engine/evaluate/types';
import type { SweepPlan } from '../../../src/engine/sweep/types';

before(prepare);

/** report.json without what differs between any two runs: the creation time and wall-clock timings. */
function comparable(r: EvaluationReport): unknown {
  return {
    ...r,
    created: undefined,
    speedups: r.speedups.map((s) => s.versus),
    layers: r.layers.map((l) => ({ ...l, methods: l.methods.map((m) => ({ ...m, seconds: undefined, secondsPerImage: undefined })) })),
  };
}

test('a small evaluation sweep (local pool and Slurm) merges into the report.json that gan-lens evaluate writes', () => {
  const { dir, config } = tinyWorkspace('gan-lens-sweep-evaluate-');
  // Both read the same trained stitches (as `gan-lens evaluate` would after `gan-lens stitch`).
  for (const pair of ['block1', 'block2']) assert.equal(cli(['stitch', '--config', config, '--pair', pair]).code, 0);
  const settings = ['--timing-runs', '2', '--steps', '30'];
  const direct = cli(['evaluate', '--config', config, ...settings, '--threads', '1', '--out', join(dir, 'direct')]);
  assert.equal(direct.code, 0, direct.stderr);

  const local = join(dir, 'sweep-local');
  const slurm = join(dir, 'sweep-slurm');
  for (const run of [local, slurm]) assert.equal(cli(['sweep', 'plan', '--config', config, '--kind', 'evaluate', ...settings, '--out', run]).code, 0);
  const plan = readJson<SweepPlan>(join(local, 'sweep.json'));
  assert.deepEqual(plan.items.map((i) => i.id), [
    '000-evaluate-block1-one-pass',
    '001-evaluate-block1-gd-reg',
    '002-evaluate-block1-gd-none',
    '003-evaluate-block2-one-pass',
    '004-evaluate-block2-gd-reg',
    '005-evaluate-block2-gd-none',
  ]);
  assert.equal(cli(['sweep', 'run', local, '--scheduler', 'local', '--workers', '2']).code, 0);
  assert.equal(cli(['sweep', 'merge', local]).code, 0);
  const s = cli(['sweep', 'run', slurm, '--scheduler', 'slurm', '--cpus-per-task', '1', '--wait']);
  assert.equal(s.code, 0, `${s.stdout}${s.stderr}`);

  const want = readJson<EvaluationReport>(join(dir, 'direct', 'report.json'));
  assert.deepEqual(want.layers.map((l) => l.methods.map((m) => m.kind)), [0, 1].map(() => ['gan-stitch', 'gan-direct-copy', 'gd-reg', 'gd-none', 'random']));
  for (const run of [local, slurm]) {
    const got = readJson<EvaluationReport>(join(run, 'merged', 'report.json'));
    assert.deepEqual(comparable(got), comparable(want), `${run}: merged report differs from gan-lens evaluate`);
    for (const f of ['report.md', 'report.html', 'cosine.svg', 'gd-loss.svg', 'images/block1.png', 'images/block2.png']) assert.ok(existsSync(join(run, 'merged', f)), f);
  }
});
