import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CONFIG, cli, prepare, readJson } from './cluster';
import type { ItemDone, SweepPlan } from '../../../src/engine/sweep/types';
import type { MergedStitch } from '../../../src/engine/sweep/kinds/stitch';
import type { SchedulerRecord } from '../../../src/engine/sweep/scheduler-record';

before(prepare);

const PLAN = ['--config', DEMO_CONFIG, '--kind', 'stitch', '--samples-per-epoch', '32', '--validation-size', '4'];

function plan(dir: string): SweepPlan {
  const p = cli(['sweep', 'plan', ...PLAN, '--out', dir]);
  assert.equal(p.code, 0, p.stderr);
  return readJson<SweepPlan>(join(dir, 'sweep.json'));
}

/** The numbers of a merged stitch sweep, without wall times and run-folder paths. */
function numbers(run: string): unknown {
  const m = readJson<{ runs: MergedStitch[] }>(join(run, 'merged', 'stitch-runs.json'));
  return m.runs.map((r) => ({ ...r, run: undefined, epochs: r.epochs.map((e) => ({ ...e, seconds: undefined })) }));
}

test('a stitch sweep of the demo pairs under Slurm: every item ran as its array task, and the numbers equal the local pool', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gan-lens-sweep-stitch-'));
  const local = join(root, 'local');
  const slurm = join(root, 'slurm');
  const p = plan(local);
  plan(slurm);
  assert.deepEqual(p.items.map((i) => i.id), ['000-stitch-layer1-blocks.2', '001-stitch-layer2-blocks.1', '002-stitch-layer3-blocks.0', '003-stitch-layer4-fc']);

  const l = cli(['sweep', 'run', local, '--scheduler', 'local', '--workers', '2']);
  assert.equal(l.code, 0, l.stderr);
  assert.equal(cli(['sweep', 'merge', local]).code, 0);

  const s = cli(['sweep', 'run', slurm, '--scheduler', 'slurm', '--cpus-per-task', '1', '--partition', 'debug', '--wait']);
  assert.equal(s.code, 0, `${s.stdout}${s.stderr}`);
  const sub = readJson<SchedulerRecord>(join(slurm, 'scheduler.json')).slurm!.submissions[0]!;
  for (const item of p.items) {
    const done = readJson<ItemDone>(join(slurm, 'items', item.id, 'done.json'));
    assert.deepEqual([done.slurm?.arrayJobId, done.slurm?.arrayTaskId], [sub.arrayJob, String(item.index)], `${item.id} ran as Slurm task ${sub.arrayJob}_${item.index}`);
    assert.match(done.slurm!.jobId, /^\d+$/);
    assert.ok(existsSync(join(slurm, 'logs', `${sub.arrayJob}_${item.index}.out`)));
    assert.equal(readJson<ItemDone>(join(local, 'items', item.id, 'done.json')).slurm, null);
    // Same seeds, same single thread per item: the trained convs are bit-identical.
    const w = (run: string): Buffer => readFileSync(join(run, 'items', item.id, 'out', item.id.replace(/^\d+-/, ''), 'checkpoints', 'best', 'weight.npy'));
    assert.ok(w(local).equals(w(slurm)), `${item.id}: weights differ between local and Slurm`);
  }
  // The merge job (afterany) merged on its own.
  assert.ok(existsSync(join(slurm, 'merged', 'stitch-runs.json')), 'the Slurm merge job wrote merged/stitch-runs.json');
  assert.match(readFileSync(join(slurm, 'logs', `merge-${sub.mergeJob}.out`), 'utf8'), /Merged into/);
  assert.deepEqual(numbers(slurm), numbers(local));
  const status = JSON.parse(cli(['sweep', 'status', slurm, '--json']).stdout) as { counts: Record<string, number> };
  assert.deepEqual(status.counts, { pending: 0, running: 0, done: 4, failed: 0 });
  // Running again skips completed items.
  const again = cli(['sweep', 'run', local, '--scheduler', 'local']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /Every item .* is done/);
});
