import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, prepare, readJson } from './cluster';
import { tinyWorkspace } from './tiny-workspace';
import type { EvaluationReport } from '../../../src/engine/evaluate/types';
import type { SweepPlan } from '../../../src/engine/sweep/types';

before(prepare);

/** Numbers to 9 significant digits (pooled summaries and the merged loss curve equal the single run to float rounding); timings and the creation time dropped. */
function comparable(r: EvaluationReport): unknown {
  const round = (v: unknown): unknown =>
    typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toPrecision(9)) : String(v)) : Array.isArray(v) ? v.map(round) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)])) : v;
  return round({
    ...r,
    created: undefined,
    speedups: r.speedups.map((s) => s.versus),
    layers: r.layers.map((l) => ({ ...l, methods: l.methods.map((m) => ({ ...m, seconds: undefined, secondsPerImage: undefined })) })),
  });
}

test('an evaluation sweep with GD image shards merges into the report gan-lens evaluate writes; a missing shard makes merge refuse', () => {
  const { dir, config } = tinyWorkspace('gan-lens-sweep-evaluate-shards-');
  assert.equal(cli(['stitch', '--config', config, '--pair', 'block1']).code, 0);
  const settings = ['--layers', 'block1', '--images', '6', '--gd-batch', '2', '--steps', '20', '--timing-runs', '1'];
  const direct = cli(['evaluate', '--config', config, ...settings, '--threads', '1', '--out', join(dir, 'direct')]);
  assert.equal(direct.code, 0, direct.stderr);

  const bad = cli(['sweep', 'plan', '--config', config, '--kind', 'evaluate', ...settings, '--shard-size', '3', '--out', join(dir, 'bad')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--shard-size 3 is not a multiple of the GD batch \(2\)/);

  const run = join(dir, 'sweep');
  assert.equal(cli(['sweep', 'plan', '--config', config, '--kind', 'evaluate', ...settings, '--shard-size', '2', '--out', run]).code, 0);
  const plan = readJson<SweepPlan>(join(run, 'sweep.json'));
  assert.deepEqual(plan.items.map((i) => i.id), [
    '000-evaluate-block1-one-pass',
    '001-evaluate-block1-gd-reg-0',
    '002-evaluate-block1-gd-reg-2',
    '003-evaluate-block1-gd-reg-4',
    '004-evaluate-block1-gd-none-0',
    '005-evaluate-block1-gd-none-2',
    '006-evaluate-block1-gd-none-4',
  ]);
  assert.equal(cli(['sweep', 'run', run, '--scheduler', 'local', '--workers', '2']).code, 0);
  const shard = plan.items[2]!;
  rmSync(join(run, 'items', shard.id, 'done.json'));
  const refused = cli(['sweep', 'merge', run]);
  assert.equal(refused.code, 2, refused.stdout + refused.stderr);
  assert.match(refused.stderr, new RegExp(shard.id));

  assert.equal(cli(['sweep', 'run', run, '--scheduler', 'local', '--workers', '2']).code, 0, 'the missing shard runs again');
  const merged = cli(['sweep', 'merge', run]);
  assert.equal(merged.code, 0, merged.stderr);
  const want = readJson<EvaluationReport>(join(dir, 'direct', 'report.json'));
  const got = readJson<EvaluationReport>(join(run, 'merged', 'report.json'));
  assert.deepEqual(want.layers[0]!.methods.map((m) => m.kind), ['gan-stitch', 'gan-direct-copy', 'gd-reg', 'gd-none', 'random']);
  assert.equal(got.layers[0]!.methods.find((m) => m.kind === 'gd-reg')!.metrics[0]!.images.length, 6, 'per-image metrics of all three shards');
  assert.deepEqual(comparable(got), comparable(want), 'the merged report equals gan-lens evaluate');
});
