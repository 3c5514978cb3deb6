import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CONFIG, checkpointStep, cli, cliBackground, prepare, readJson, squeueIds, waitFor } from './cluster';
import type { ItemDone, ItemFailure, SweepPlan, SweepStatusReport } from '../../../src/engine/sweep/types';
import type { SchedulerRecord } from '../../../src/engine/sweep/scheduler-record';

before(prepare);

const PLAN = ['--config', DEMO_CONFIG, '--kind', 'stitch', '--pairs', 'layer2:blocks.1', '--samples-per-epoch', '800', '--validation-size', '4', '--checkpoint-every', '5'];

function planned(root: string, name: string): { run: string; itemDir: string } {
  const run = join(root, name);
  assert.equal(cli(['sweep', 'plan', ...PLAN, '--out', run]).code, 0);
  return { run, itemDir: join(run, 'items', readJson<SweepPlan>(join(run, 'sweep.json')).items[0]!.id) };
}

const status = (run: string): SweepStatusReport => JSON.parse(cli(['sweep', 'status', run, '--json']).stdout) as SweepStatusReport;

test('sweep cancel stops a local pool and a Slurm array mid-item with their checkpoints written; retry resumes', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gan-lens-sweep-cancel-'));

  const local = planned(root, 'local');
  const pool = cliBackground(['sweep', 'run', local.run, '--scheduler', 'local']);
  await waitFor('the local item to checkpoint step 10', () => checkpointStep(local.itemDir) >= 10);
  const c1 = cli(['sweep', 'cancel', local.run]);
  assert.equal(c1.code, 0, c1.stderr);
  assert.match(c1.stdout, /Sent SIGTERM to the local pool/);
  assert.equal(await new Promise<number | null>((res) => pool.on('exit', (code) => res(code))), 1);
  const f1 = readJson<ItemFailure>(join(local.itemDir, 'failed.json'));
  assert.match(f1.reason, /Stitch training was cancelled/);
  assert.equal(status(local.run).items[0]!.state, 'failed');

  const slurm = planned(root, 'slurm');
  assert.equal(cli(['sweep', 'run', slurm.run, '--scheduler', 'slurm']).code, 0);
  const sub = readJson<SchedulerRecord>(join(slurm.run, 'scheduler.json')).slurm!.submissions[0]!;
  await waitFor('the array task to checkpoint step 10', () => checkpointStep(slurm.itemDir) >= 10);
  const c2 = cli(['sweep', 'cancel', slurm.run]);
  assert.equal(c2.code, 0, c2.stderr);
  assert.match(c2.stdout, new RegExp(`Cancelled Slurm job\\(s\\) ${sub.arrayJob}, ${sub.mergeJob}`));
  await waitFor('the jobs to leave the queue', () => !squeueIds().some((id) => id === sub.mergeJob || id.startsWith(`${sub.arrayJob}_`)));
  const s2 = status(slurm.run).items[0]!;
  assert.equal(s2.state, 'failed');
  assert.deepEqual([s2.slurm?.arrayJobId, s2.slurm?.arrayTaskId], [sub.arrayJob, '0']);
  assert.equal(cli(['sweep', 'cancel', slurm.run]).stdout.trim(), `No job of ${slurm.run} is queued or running any more.`);

  // The checkpoint SIGTERM wrote is where the retry starts.
  const at = checkpointStep(local.itemDir);
  assert.equal(cli(['sweep', 'retry', local.run]).code, 0);
  const done = readJson<ItemDone>(join(local.itemDir, 'done.json'));
  assert.equal(done.resumedFrom, at);
  assert.ok(at >= 10 && at < 100, `cancelled at step ${at}`);
});
