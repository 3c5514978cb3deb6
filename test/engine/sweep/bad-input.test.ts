import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, prepare, squeueIds } from './cluster';
import { tinyWorkspace } from './tiny-workspace';

before(prepare);

function planned(name: string): { run: string; config: string } {
  const { dir, config } = tinyWorkspace(`gan-lens-sweep-${name}-`);
  const run = join(dir, 'run');
  assert.equal(cli(['sweep', 'plan', '--config', config, '--kind', 'stitch', '--out', run]).code, 0);
  return { run, config };
}

/** Nothing was submitted: no scheduler record, no job scripts, the queue unchanged. */
function nothingSubmitted(run: string, queueBefore: string[]): void {
  assert.ok(!existsSync(join(run, 'scheduler.json')));
  assert.ok(!existsSync(join(run, 'slurm')));
  assert.deepEqual(squeueIds(), queueBefore);
}

test('a config changed since planning: run, item and merge refuse with exit 2 and submit nothing', () => {
  const { run, config } = planned('hash');
  appendFileSync(config, '\n');
  const queue = squeueIds();
  for (const args of [['run', run, '--scheduler', 'slurm'], ['item', run, '--index', '0'], ['merge', run]]) {
    const r = cli(['sweep', ...args]);
    assert.equal(r.code, 2, `sweep ${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, /tiny\.ganlens\.json changed since this sweep was planned/);
    assert.match(r.stderr, /plan a new sweep into a new folder: gan-lens sweep plan --config .*tiny\.ganlens\.json --kind stitch/);
  }
  nothingSubmitted(run, queue);
  assert.ok(!existsSync(join(run, 'items')), 'no item started');
});

test('sbatch missing from PATH: exit 2 naming it and how to get a scheduler, nothing submitted', () => {
  const { run } = planned('nosbatch');
  const empty = join(run, '..', 'empty-bin');
  mkdirSync(empty);
  const queue = squeueIds();
  const r = cli(['sweep', 'run', run, '--scheduler', 'slurm'], { ...process.env, PATH: empty });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /'sbatch' is not on PATH, so nothing can be submitted to Slurm/);
  assert.match(r.stderr, /login node .*--scheduler local.*scripts\/slurm\/local-cluster\.sh start/);
  nothingSubmitted(run, queue);
});

test('an unknown partition: exit 2 listing the cluster\'s partitions, nothing submitted', () => {
  const { run } = planned('partition');
  const queue = squeueIds();
  const r = cli(['sweep', 'run', run, '--scheduler', 'slurm', '--partition', 'gpu-a100']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--partition gpu-a100 is not a partition of this cluster \(it has: debug\); nothing was submitted/);
  nothingSubmitted(run, queue);
});

test('plan refuses an unknown kind, a flag of another kind and an existing sweep folder with exit 2', () => {
  const { run, config } = planned('plan');
  const cases: [string[], RegExp][] = [
    [['--kind', 'paint'], /--kind paint: choose one of stitch, evaluate, compat/],
    [['--kind', 'stitch', '--steps', '5'], /--steps does not apply to --kind stitch/],
  ];
  for (const [args, msg] of cases) {
    const r = cli(['sweep', 'plan', '--config', config, ...args, '--out', `${run}-${args[1]}`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, msg);
  }
  const again = cli(['sweep', 'plan', '--config', config, '--kind', 'stitch', '--out', run]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already holds a sweep/);
});
