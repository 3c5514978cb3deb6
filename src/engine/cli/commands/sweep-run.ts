import { parseArgs } from 'node:util';
import { readPlan } from '../../sweep/run-folder';
import { readScheduler } from '../../sweep/scheduler-record';
import { startItems } from '../../sweep/start';
import { itemStates, retryable } from '../../sweep/states';
import { badInput } from '../../util/errors';
import type { CliIO } from '../command';
import { schedulerFlags, startOptions } from './sweep-flags';

function parse(argv: string[], what: string): { run: string; values: Parameters<typeof startOptions>[0] } {
  const { values, positionals } = parseArgs({ args: argv, options: schedulerFlags, allowPositionals: true, strict: true });
  const run = positionals[0];
  if (!run || positionals.length > 1) throw badInput(`sweep ${what} takes one sweep folder: gan-lens sweep ${what} RUN …`);
  return { run, values };
}

/** `sweep run RUN`: starts every item that is not done; refuses while items are still queued or running. */
export async function sweepRun(argv: string[], io: CliIO): Promise<void> {
  const { run: runArg, values } = parse(argv, 'run');
  const { run, plan } = readPlan(runArg);
  const o = startOptions(values, {}, plan.slurm);
  const states = itemStates(run, plan);
  const busy = states.filter((s) => s.state === 'running' || (s.state === 'pending' && s.reason !== 'not submitted yet'));
  if (busy.length) throw badInput(`${busy.length} item(s) of ${run} are still queued or running (${busy.map((s) => s.id).join(', ')}).`, { hint: `Wait (gan-lens sweep status ${run}), or cancel them first (gan-lens sweep cancel ${run}).` });
  const todo = states.filter((s) => s.state !== 'done').map((s) => s.index);
  if (!todo.length) {
    io.out(`Every item of ${run} is done. Merge with: gan-lens sweep merge ${run}`);
    return;
  }
  await startItems(run, plan, todo, o, { signal: io.signal, log: io.out });
}

/** `sweep retry RUN`: starts again only the failed (or never started) items, on the scheduler used last. */
export async function sweepRetry(argv: string[], io: CliIO): Promise<void> {
  const { run: runArg, values } = parse(argv, 'retry');
  const { run, plan } = readPlan(runArg);
  const rec = readScheduler(run);
  const o = startOptions(values, { ...(rec ? { scheduler: rec.scheduler } : {}), ...(rec?.local ? { workers: rec.local.workers } : {}), ...(rec?.slurm ? { slurm: rec.slurm.options } : {}) }, plan.slurm);
  const todo = retryable(itemStates(run, plan));
  if (!todo.length) {
    io.out(`Nothing to retry in ${run}: every item is done, queued or running (gan-lens sweep status ${run}).`);
    return;
  }
  io.out(`Retrying ${todo.length} item(s): ${todo.map((s) => s.id).join(', ')}`);
  await startItems(run, plan, todo.map((s) => s.index), o, { signal: io.signal, log: io.out });
}
