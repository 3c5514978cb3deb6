/** Flags of `sweep run` and `sweep retry`: the scheduler and, for Slurm, what sbatch gets. */
import { intFlag } from '../shared/options';
import { badInput } from '../../util/errors';
import type { StartOptions } from '../../sweep/start';
import type { SlurmOptions } from '../../sweep/slurm';

export const schedulerFlags = {
  scheduler: { type: 'string' },
  workers: { type: 'string' },
  wait: { type: 'boolean' },
  partition: { type: 'string' },
  time: { type: 'string' },
  account: { type: 'string' },
  'cpus-per-task': { type: 'string' },
  'gpus-per-task': { type: 'string' },
  'max-parallel': { type: 'string' },
  'sbatch-arg': { type: 'string', multiple: true },
} as const;

export const SCHEDULER_USAGE = `--scheduler local|slurm [--workers K] [--wait]
        Slurm: [--partition P] [--time T] [--account A] [--cpus-per-task N] [--gpus-per-task N] [--max-parallel N]
               [--sbatch-arg=--qos=short …]`;

type Values = { [K in keyof typeof schedulerFlags]?: (typeof schedulerFlags)[K] extends { multiple: true } ? string[] : K extends 'wait' ? boolean : string };

/** Flags given now win over those recorded at the last submission, which win over the config's `slurm` defaults. */
export function startOptions(v: Values, recorded: { scheduler?: 'local' | 'slurm'; workers?: number; slurm?: SlurmOptions } = {}, defaults?: SlurmOptions): StartOptions {
  const scheduler = v.scheduler ?? recorded.scheduler;
  if (scheduler !== 'local' && scheduler !== 'slurm') throw badInput(`--scheduler ${scheduler ?? '(missing)'}: choose local or slurm.`);
  if (scheduler === 'local') return { scheduler, workers: intFlag('workers', v.workers, 1) ?? recorded.workers ?? 1 };
  const r = recorded.slurm;
  const d = defaults;
  const slurm: SlurmOptions = { extra: v['sbatch-arg'] ?? r?.extra ?? d?.extra ?? [] };
  const partition = v.partition ?? r?.partition ?? d?.partition;
  const time = v.time ?? r?.time ?? d?.time;
  const account = v.account ?? r?.account ?? d?.account;
  const cpus = intFlag('cpus-per-task', v['cpus-per-task'], 1) ?? r?.cpusPerTask ?? d?.cpusPerTask;
  const gpus = intFlag('gpus-per-task', v['gpus-per-task'], 1) ?? r?.gpusPerTask ?? d?.gpusPerTask;
  const max = intFlag('max-parallel', v['max-parallel'], 1) ?? r?.maxParallel ?? d?.maxParallel;
  if (partition) slurm.partition = partition;
  if (time) slurm.time = time;
  if (account) slurm.account = account;
  if (cpus) slurm.cpusPerTask = cpus;
  if (gpus) slurm.gpusPerTask = gpus;
  if (max) slurm.maxParallel = max;
  return { scheduler, slurm, wait: v.wait ?? false };
}
