/**
 * Each item's state from its own markers (done.json, running.json, failed.json) and, for Slurm, from squeue and
 * scontrol: done beats everything; a queued or running array task is pending/running; a start marker whose process
 * is gone (SIGKILL, scancel, node failure) is failed and resumable.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readDone, readFailure, readStart } from './markers';
import { logsDir } from './run-folder';
import { readScheduler } from './scheduler-record';
import { scontrolJob, slurmQueue, type QueueEntry } from './slurm';
import type { ItemState, SweepPlan } from './types';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function itemStates(run: string, plan: SweepPlan): ItemState[] {
  const sched = readScheduler(run);
  const submissions = sched?.slurm?.submissions ?? [];
  const queue: Map<string, QueueEntry> = submissions.length ? slurmQueue() : new Map();
  const here = hostname();
  return plan.items.map((item): ItemState => {
    const sub0 = [...submissions].reverse().find((s) => s.indices.includes(item.index));
    const started = readStart(run, item)?.slurm ?? readFailure(run, item)?.slurm ?? readDone(run, item)?.slurm;
    const candidates = [
      ...(started ? [`${started.arrayJobId}_${started.arrayTaskId}.out`] : []),
      ...(sub0 ? [`${sub0.arrayJob}_${item.index}.out`] : []),
      `item-${item.id}.log`,
    ].map((f) => join(logsDir(run), f));
    const base = { index: item.index, id: item.id, log: candidates.find((f) => existsSync(f)) ?? null };
    const done = readDone(run, item);
    if (done) return { ...base, state: 'done', reason: `finished ${done.finished} in ${done.seconds.toFixed(1)} s on ${done.host}`, slurm: done.slurm };
    const sub = [...submissions].reverse().find((s) => s.indices.includes(item.index));
    const task = sub ? `${sub.arrayJob}_${item.index}` : null;
    const q = task ? queue.get(task) : undefined;
    const start = readStart(run, item);
    const failure = readFailure(run, item);
    const slurm = start?.slurm ?? failure?.slurm ?? null;
    if (q && /^(PENDING|CONFIGURING|REQUEUED|REQUEUE_HOLD|SUSPENDED)$/.test(q.state)) return { ...base, state: 'pending', reason: `Slurm ${task} ${q.state}${q.reason && q.reason !== 'None' ? ` (${q.reason})` : ''}`, slurm };
    if (q) return { ...base, state: 'running', reason: `Slurm ${task} ${q.state}${start ? ` on ${start.host}` : ''}`, slurm };
    if (start && !failure && start.host === here && !start.slurm && alive(start.pid)) return { ...base, state: 'running', reason: `pid ${start.pid} since ${start.started}`, slurm };
    if (failure) return { ...base, state: 'failed', reason: failure.reason.split('\n')[0]!, slurm };
    if (start) {
      const where = start.slurm ? `Slurm task ${start.slurm.arrayJobId}_${start.slurm.arrayTaskId}` : `pid ${start.pid} on ${start.host}`;
      const sc = start.slurm ? scontrolJob(`${start.slurm.arrayJobId}_${start.slurm.arrayTaskId}`) : null;
      return { ...base, state: 'failed', reason: `stopped mid-item (${where}${sc ? `, Slurm: ${sc.state}` : ''}; killed, cancelled or its node failed); retry resumes it from its checkpoint`, slurm };
    }
    if (task) {
      const sc = scontrolJob(task);
      return { ...base, state: 'failed', reason: `Slurm task ${task} ended without starting the item${sc ? ` (${sc.state}${sc.reason && sc.reason !== 'None' ? `, ${sc.reason}` : ''})` : ''}; see logs/${sub!.arrayJob}_${item.index}.out`, slurm };
    }
    return { ...base, state: 'pending', reason: 'not submitted yet', slurm };
  });
}

/** Items that `retry` may start again: not done, and neither queued nor running anywhere. */
export function retryable(states: readonly ItemState[]): ItemState[] {
  return states.filter((s) => s.state === 'failed' || (s.state === 'pending' && s.reason === 'not submitted yet'));
}
