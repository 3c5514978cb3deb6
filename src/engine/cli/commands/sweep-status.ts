import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mergedDir, readPlan } from '../../sweep/run-folder';
import { readScheduler } from '../../sweep/scheduler-record';
import { scancel, slurmQueue } from '../../sweep/slurm';
import { itemStates } from '../../sweep/states';
import type { ItemStateName, SweepKind, SweepStatusReport } from '../../sweep/types';
import { badInput } from '../../util/errors';
import type { CliIO } from '../command';

function runArg(positionals: string[], what: string): string {
  const run = positionals[0];
  if (!run || positionals.length > 1) throw badInput(`sweep ${what} takes one sweep folder: gan-lens sweep ${what} RUN`);
  return run;
}

const MERGED_MAIN: Record<SweepKind, string> = { stitch: 'stitch-runs.json', evaluate: 'report.json', compat: 'compat.json', 'invert-gd': 'invert-gd.md' };

function mergedMain(run: string, kind: SweepKind): string | null {
  const f = join(mergedDir(run), MERGED_MAIN[kind]);
  return existsSync(f) ? f : null;
}

export async function sweepStatus(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  // Status reads a folder whose config may have changed since: it reports that instead of refusing.
  const { run, plan } = readPlan(runArg(positionals, 'status'), false);
  const states = itemStates(run, plan);
  const counts: Record<ItemStateName, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const s of states) counts[s.state]++;
  const sched = readScheduler(run);
  if (values.json) {
    const report: SweepStatusReport = { run, kind: plan.kind, config: plan.config, scheduler: sched?.scheduler ?? null, counts, merged: mergedMain(run, plan.kind), items: states };
    io.out(JSON.stringify(report, null, 2));
    return;
  }
  for (const s of states) io.out(`  ${String(s.index).padStart(3)}  ${s.id.padEnd(32)} ${s.state.padEnd(8)} ${s.reason}`);
  io.out(`${plan.kind} sweep ${run}: ${counts.done}/${states.length} done, ${counts.running} running, ${counts.pending} pending, ${counts.failed} failed${sched ? ` (scheduler: ${sched.scheduler})` : ''}.`);
}

export async function sweepCancel(argv: string[], io: CliIO): Promise<void> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
  const { run } = readPlan(runArg(positionals, 'cancel'), false);
  const sched = readScheduler(run);
  if (!sched) throw badInput(`${run} has not been run yet; there is nothing to cancel.`);
  if (sched.scheduler === 'slurm') {
    const queued = [...slurmQueue().keys()];
    const ids = (sched.slurm?.submissions ?? []).flatMap((s) => [s.arrayJob, s.mergeJob]).filter((id) => queued.some((q) => q === id || q.startsWith(`${id}_`)));
    if (!ids.length) {
      io.out(`No job of ${run} is queued or running any more.`);
      return;
    }
    scancel(ids);
    io.out(`Cancelled Slurm job(s) ${ids.join(', ')}. Items that were mid-way resume from their checkpoints on: gan-lens sweep retry ${run}`);
    return;
  }
  const l = sched.local;
  if (!l || l.host !== hostname()) throw badInput(`${run} runs locally on ${l?.host ?? 'another machine'}; cancel it there.`);
  try {
    process.kill(l.pid, 'SIGTERM');
    io.out(`Sent SIGTERM to the local pool (pid ${l.pid}); its workers checkpoint and stop.`);
  } catch {
    io.out(`The local pool (pid ${l.pid}) is not running any more.`);
  }
}
