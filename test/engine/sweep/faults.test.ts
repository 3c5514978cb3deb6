import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEMO_CONFIG, checkpointStep, cli, cliBackground, prepare, readJson, squeueIds, waitFor } from './cluster';
import { readNpy } from '../../../src/engine/runtime/npy';
import type { ItemDone, ItemStart, SweepPlan } from '../../../src/engine/sweep/types';
import type { MergedStitch } from '../../../src/engine/sweep/kinds/stitch';
import type { SchedulerRecord } from '../../../src/engine/sweep/scheduler-record';

before(prepare);

// 100 steps per item: long enough to stop one mid-way, checkpoints every 5 steps.
const PLAN = ['--config', DEMO_CONFIG, '--kind', 'stitch', '--pairs', 'layer1:blocks.2,layer2:blocks.1', '--samples-per-epoch', '800', '--validation-size', '4', '--checkpoint-every', '5'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

function numbers(run: string): unknown {
  // trainLoss averages the steps of the last attempt only, and wall times differ: compare the trained conv's results.
  return readJson<{ runs: MergedStitch[] }>(join(run, 'merged', 'stitch-runs.json')).runs.map((r) => ({ initial: r.initial, best: r.bestEpoch, val: r.epochs.map((e) => [e.valCosine, e.valL1, e.step]) }));
}

test('an array task cancelled mid-item and a SIGKILLed worker: merge refuses naming it, retry finishes from the checkpoints', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gan-lens-sweep-faults-'));
  const run = join(root, 'faulty');
  const reference = join(root, 'reference');
  for (const dir of [run, reference]) assert.equal(cli(['sweep', 'plan', ...PLAN, '--out', dir]).code, 0);
  const plan = readJson<SweepPlan>(join(run, 'sweep.json'));
  const victim = plan.items[0]!;
  const victimDir = join(run, 'items', victim.id);

  // 1. Slurm: cancel array task 0 once it has checkpointed a few steps.
  const submitted = cli(['sweep', 'run', run, '--scheduler', 'slurm', '--cpus-per-task', '1']);
  assert.equal(submitted.code, 0, submitted.stderr);
  const sub = readJson<SchedulerRecord>(join(run, 'scheduler.json')).slurm!.submissions[0]!;
  await waitFor('task 0 to checkpoint step 10', () => checkpointStep(victimDir) >= 10);
  assert.equal(spawnSync('scancel', [`${sub.arrayJob}_0`]).status, 0);
  await waitFor('the array and merge jobs to leave the queue', () => !squeueIds().some((id) => id === sub.mergeJob || id.startsWith(`${sub.arrayJob}_`)));
  const cancelledAt = checkpointStep(victimDir);
  assert.ok(cancelledAt >= 10 && cancelledAt < 100, `cancelled mid-item at step ${cancelledAt}`);
  // The merge job ran after the array (afterany) and refused, naming the missing item.
  assert.match(readFileSync(join(run, 'logs', `merge-${sub.mergeJob}.out`), 'utf8'), new RegExp(`1 of 2 items are not complete[\\s\\S]*${victim.id}`));
  assert.ok(!existsSync(join(run, 'merged')));
  const st = JSON.parse(cli(['sweep', 'status', run, '--json']).stdout) as { items: { state: string; reason: string }[] };
  assert.deepEqual(st.items.map((i) => i.state), ['failed', 'done']);

  // 2. Local: retry the cancelled item, SIGKILL its worker after it has resumed and gone further.
  const pool = cliBackground(['sweep', 'retry', run, '--scheduler', 'local', '--workers', '1']);
  const start = await waitFor('the local worker to start item 0', () => {
    const f = join(victimDir, 'running.json');
    const s = existsSync(f) ? readJson<ItemStart>(f) : null;
    return s && s.slurm === null ? s : null;
  });
  assert.ok(start.resumedFrom >= cancelledAt, `resumed from step ${start.resumedFrom}, cancelled at ${cancelledAt}`);
  await waitFor('the worker to train 10 more steps', () => checkpointStep(victimDir) >= start.resumedFrom + 10);
  process.kill(start.pid, 'SIGKILL');
  const poolExit = await new Promise<number | null>((res) => pool.on('exit', (c) => res(c)));
  assert.equal(poolExit, 1, 'the pool reports the failed item');
  const killedAt = checkpointStep(victimDir);

  const refused = cli(['sweep', 'merge', run]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, new RegExp(`${victim.id}: failed — worker pid ${start.pid} was killed by SIGKILL`));

  // 3. Retry (the local scheduler, as recorded) finishes it from the checkpoint.
  const retried = cli(['sweep', 'retry', run]);
  assert.equal(retried.code, 0, retried.stderr);
  const done = readJson<ItemDone>(join(victimDir, 'done.json'));
  assert.ok(done.resumedFrom >= killedAt && killedAt > start.resumedFrom, `resumed at ${done.resumedFrom}, killed at ${killedAt}`);
  for (const f of files(join(run, 'items'))) {
    assert.doesNotMatch(f, /\.(tmp|old)-\d+/, `left behind: ${f}`);
    if (f.endsWith('.json')) JSON.parse(readFileSync(f, 'utf8'));
    if (f.endsWith('.npy')) assert.ok(readNpy(f).data.length > 0, f);
  }
  assert.equal(cli(['sweep', 'merge', run]).code, 0);

  // The interrupted training ends where an uninterrupted one does.
  assert.equal(cli(['sweep', 'run', reference, '--scheduler', 'local', '--workers', '2']).code, 0);
  assert.equal(cli(['sweep', 'merge', reference]).code, 0);
  assert.deepEqual(numbers(run), numbers(reference));
  const w = (r: string): Buffer => readFileSync(join(r, 'items', victim.id, 'out', 'stitch-layer1-blocks.2', 'checkpoints', 'best', 'weight.npy'));
  assert.ok(w(run).equals(w(reference)), 'resumed weights equal the uninterrupted run');
});
