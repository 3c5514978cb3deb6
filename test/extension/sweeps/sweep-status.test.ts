import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { sweepCli, sweepStatus } from '../../../src/extension/sweeps/sweep-cli';
import { isActive, itemLook, sweepFolderName, sweepLook } from '../../../src/extension/sweeps/sweep-nodes';
import { tinyWorkspace } from '../../engine/sweep/tiny-workspace';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');

test('the Sweeps view reads the real CLI: a planned, then run and merged stitch sweep and a refused command', async () => {
  assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT }).status, 0);
  const { dir, config } = tinyWorkspace('gan-lens-sweeps-view-');
  const run = join(dir, 'sweeps', sweepFolderName('stitch', new Date(2026, 11, 5, 9, 7, 3)));
  assert.match(run, /stitch-20261205-090703$/);
  assert.equal((await sweepCli(CLI, ['plan', '--config', config, '--kind', 'stitch', '--out', run])).code, 0);

  const planned = await sweepStatus(CLI, run);
  assert.deepEqual(planned.counts, { pending: 2, running: 0, done: 0, failed: 0 });
  assert.equal(sweepLook(planned).description, '0/2 done, 2 pending');
  assert.equal(isActive(planned), false, 'planned but not submitted: nothing to poll');
  assert.equal(itemLook(planned.items[0]!).description, 'pending');

  assert.equal((await sweepCli(CLI, ['run', run, '--scheduler', 'local', '--workers', '2'])).code, 0);
  const merged = await sweepCli(CLI, ['merge', run]);
  assert.equal(merged.code, 0, merged.stderr);
  const done = await sweepStatus(CLI, run);
  const look = sweepLook(done);
  assert.equal(look.label, 'stitch: stitch-20261205-090703');
  assert.equal(look.description, '2/2 done · local · merged');
  assert.equal(look.icon, 'check-all');
  assert.equal(done.merged, join(run, 'merged', 'stitch-runs.json'));
  const item = itemLook(done.items[1]!);
  assert.equal(item.icon, 'pass');
  assert.equal(done.items[1]!.log, join(run, 'logs', 'item-001-stitch-block2-auto.log'), 'a click opens the item log');

  const refused = await sweepCli(CLI, ['run', join(dir, 'nowhere'), '--scheduler', 'local']);
  assert.equal(refused.code, 2);
  await assert.rejects(sweepStatus(CLI, join(dir, 'nowhere')), /is not a sweep folder \(no sweep\.json\)/);
});
