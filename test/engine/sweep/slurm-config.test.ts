import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, prepare, readJson, waitFor } from './cluster';
import { tinyWorkspace } from './tiny-workspace';
import { startOptions } from '../../../src/engine/cli/commands/sweep-flags';
import type { SweepPlan } from '../../../src/engine/sweep/types';
import type { StartOptions } from '../../../src/engine/sweep/start';
import type { SlurmOptions } from '../../../src/engine/sweep/slurm';
import type { SchedulerRecord } from '../../../src/engine/sweep/scheduler-record';

const FROM_CONFIG = { partition: 'debug', time: '00:20:00', cpusPerTask: 1, maxParallel: 3, sbatchArgs: ['--comment=gan-lens-from-config'] };

function workspaceWithSlurm(prefix: string): { dir: string; config: string } {
  const w = tinyWorkspace(prefix);
  const c = JSON.parse(readFileSync(w.config, 'utf8')) as Record<string, unknown>;
  writeFileSync(w.config, JSON.stringify({ ...c, slurm: FROM_CONFIG }));
  return w;
}

function slurmOf(o: StartOptions): SlurmOptions | undefined {
  return o.scheduler === 'slurm' ? o.slurm : undefined;
}

test('sbatch options: flags win over the last submission, which wins over the config', () => {
  const defaults = { partition: 'cfg', time: '01:00:00', extra: ['--qos=cfg'], cpusPerTask: 2 };
  const fromConfig = startOptions({ scheduler: 'slurm' }, {}, defaults);
  assert.deepEqual(slurmOf(fromConfig), { extra: ['--qos=cfg'], partition: 'cfg', time: '01:00:00', cpusPerTask: 2 });
  const recorded = startOptions({}, { scheduler: 'slurm', slurm: { partition: 'last', extra: [] } }, defaults);
  assert.equal(slurmOf(recorded)?.partition, 'last');
  assert.deepEqual(slurmOf(recorded)?.extra, [], 'extra arguments recorded at the last submission replace the config\'s');
  assert.equal(slurmOf(recorded)?.time, '01:00:00', 'what the last submission did not set comes from the config');
  const flags = startOptions({ scheduler: 'slurm', partition: 'flag', 'sbatch-arg': ['--qos=flag'] }, { slurm: { partition: 'last', extra: [] } }, defaults);
  assert.deepEqual([slurmOf(flags)?.partition, slurmOf(flags)?.extra], ['flag', ['--qos=flag']]);
});

test('a config whose slurm section is malformed is refused, naming the key', () => {
  const w = tinyWorkspace('gan-lens-slurm-bad-');
  const c = JSON.parse(readFileSync(w.config, 'utf8')) as Record<string, unknown>;
  writeFileSync(w.config, JSON.stringify({ ...c, slurm: { sbatchArgs: ['qos=short'], gpusPerTask: 0 } }));
  const r = cli(['sweep', 'plan', '--config', w.config, '--kind', 'stitch', '--out', join(w.dir, 'sweep')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /slurm\/sbatchArgs\/0/);
  assert.match(r.stderr, /slurm\/gpusPerTask/);
});

test("the config's slurm section reaches sbatch: recorded in sweep.json, visible on the submitted array job", async () => {
  prepare();
  const w = workspaceWithSlurm('gan-lens-slurm-config-');
  const run = join(w.dir, 'sweep');
  const p = cli(['sweep', 'plan', '--config', w.config, '--kind', 'stitch', '--out', run]);
  assert.equal(p.code, 0, p.stderr);
  const plan = readJson<SweepPlan>(join(run, 'sweep.json'));
  assert.deepEqual(plan.slurm, { extra: ['--comment=gan-lens-from-config'], partition: 'debug', time: '00:20:00', cpusPerTask: 1, maxParallel: 3 });

  const s = cli(['sweep', 'run', run, '--scheduler', 'slurm']);
  assert.equal(s.code, 0, `${s.stdout}${s.stderr}`);
  const sub = readJson<SchedulerRecord>(join(run, 'scheduler.json')).slurm!.submissions[0]!;
  try {
    const show = await waitFor('scontrol to show the array job', () => {
      const r = spawnSync('scontrol', ['show', 'job', sub.arrayJob], { encoding: 'utf8' });
      return r.status === 0 && r.stdout.includes('JobId=') ? r.stdout : null;
    }, 30_000);
    assert.match(show, /Comment=gan-lens-from-config/);
    assert.match(show, /Partition=debug/);
    assert.match(show, /TimeLimit=00:20:00/);
    assert.match(show, /ArrayTaskId=[^\s]*%3|ArrayTaskThrottle=3/, 'maxParallel became the array throttle');
  } finally {
    cli(['sweep', 'cancel', run]);
  }
});
