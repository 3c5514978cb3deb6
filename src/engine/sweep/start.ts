/** Starting items (what `sweep run` and `sweep retry` share): a local pool of K processes or one Slurm array job. */
import { hostname } from 'node:os';
import { internalError } from '../util/errors';
import { runLocalPool } from './local-pool';
import { readScheduler, writeScheduler } from './scheduler-record';
import { checkSubmittable, slurmQueue, submitSweep, type SlurmOptions } from './slurm';
import { itemStates } from './states';
import type { SweepPlan } from './types';

export type StartOptions = { scheduler: 'local'; workers: number } | { scheduler: 'slurm'; slurm: SlurmOptions; wait: boolean };

export interface StartIO {
  signal: AbortSignal;
  log: (line: string) => void;
}

export async function startItems(run: string, plan: SweepPlan, indices: number[], o: StartOptions, io: StartIO): Promise<void> {
  const label = (i: number): string => plan.items[i]!.id;
  if (o.scheduler === 'local') {
    writeScheduler(run, { ...(readScheduler(run) ?? {}), scheduler: 'local', local: { pid: process.pid, host: hostname(), workers: o.workers, started: new Date().toISOString() } });
    io.log(`Running ${indices.length} item(s) locally with ${o.workers} worker process(es); logs in ${run}/logs/`);
    const r = await runLocalPool(run, plan, indices, o.workers, io);
    if (r.failed.length) {
      throw internalError(`${r.failed.length} item(s) failed:\n${r.failed.map((f) => `  ${label(f.index)}: ${f.reason}`).join('\n')}`, { hint: `Resume them with: gan-lens sweep retry ${run}` });
    }
    io.log(`All ${indices.length} item(s) done. Merge with: gan-lens sweep merge ${run}`);
    return;
  }
  checkSubmittable(o.slurm);
  const sub = submitSweep(run, plan, indices, o.slurm);
  const prev = readScheduler(run);
  writeScheduler(run, { ...(prev ?? {}), scheduler: 'slurm', slurm: { options: o.slurm, submissions: [...(prev?.slurm?.submissions ?? []), sub] } });
  io.log(`Submitted Slurm array job ${sub.arrayJob} (${indices.length} task(s)) and merge job ${sub.mergeJob} (afterany); logs in ${run}/logs/`);
  if (!o.wait) return;
  const mine = (id: string): boolean => id === sub.mergeJob || id === sub.arrayJob || id.startsWith(`${sub.arrayJob}_`);
  while ([...slurmQueue().keys()].some(mine)) {
    if (io.signal.aborted) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const states = itemStates(run, plan).filter((s) => indices.includes(s.index));
  const bad = states.filter((s) => s.state !== 'done');
  if (bad.length) throw internalError(`${bad.length} item(s) did not complete:\n${bad.map((s) => `  ${s.id}: ${s.state} — ${s.reason}`).join('\n')}`, { hint: `Resume them with: gan-lens sweep retry ${run}` });
  io.log(`All ${indices.length} item(s) done; the merge job ${sub.mergeJob} has finished (log: ${run}/logs/merge-${sub.mergeJob}.out).`);
}
