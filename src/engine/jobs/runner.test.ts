import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobRunner } from './runner';
import type { JobProgress } from '../../protocol/progress';
import { GanLensError } from '../util/errors';

test('progress is throttled but the final step always arrives, with samples/s and an ETA', async () => {
  const runner = new JobRunner();
  const seen: JobProgress[] = [];
  const { jobId } = await runner.run({ kind: 'unit', onProgress: (p) => seen.push(p), throttleMs: 60_000 }, async (ctx) => {
    for (let step = 1; step <= 50; step++) ctx.report({ step, total: 50, message: `step ${step}`, samplesPerStep: 8 });
  });
  assert.match(jobId, /^unit-[0-9a-f]{8}$/);
  assert.deepEqual(seen.map((p) => p.step), [1, 50]);
  assert.equal(seen[1]!.etaSeconds, 0);
  assert.ok(seen[1]!.samplesPerSecond! > 0);
  assert.deepEqual(runner.activeJobIds, []);
});

test('cancel(jobId) wakes a sleeping job with a cancelled error; unknown ids report false', async () => {
  const runner = new JobRunner();
  const job = runner.run({ kind: 'unit', jobId: 'j1', what: 'The unit job', onProgress: () => undefined }, (ctx) => ctx.sleep(60_000));
  assert.deepEqual(runner.activeJobIds, ['j1']);
  assert.equal(runner.cancel('j1'), true);
  await assert.rejects(job, (e: unknown) => e instanceof GanLensError && e.kind === 'cancelled' && /The unit job was cancelled/.test(e.message));
  assert.equal(runner.cancel('j1'), false);
});

test('an outer AbortSignal cancels the job, and a duplicate job id is refused', async () => {
  const runner = new JobRunner();
  const outer = new AbortController();
  const job = runner.run({ kind: 'unit', jobId: 'dup', signal: outer.signal, onProgress: () => undefined }, (ctx) => ctx.sleep(60_000));
  await assert.rejects(runner.run({ kind: 'unit', jobId: 'dup', onProgress: () => undefined }, async () => 1), /already running/);
  outer.abort();
  await assert.rejects(job, (e: unknown) => e instanceof GanLensError && e.kind === 'cancelled');
});
