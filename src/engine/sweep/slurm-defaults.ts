/** A config's `slurm` section as sbatch options, and how flags, the last submission and those defaults combine. */
import type { SlurmConfig } from '../config/types';
import type { SlurmOptions } from './slurm';

export function slurmDefaults(c: SlurmConfig): SlurmOptions {
  const o: SlurmOptions = { extra: [...(c.sbatchArgs ?? [])] };
  if (c.partition) o.partition = c.partition;
  if (c.time) o.time = c.time;
  if (c.account) o.account = c.account;
  if (c.cpusPerTask) o.cpusPerTask = c.cpusPerTask;
  if (c.gpusPerTask) o.gpusPerTask = c.gpusPerTask;
  if (c.maxParallel) o.maxParallel = c.maxParallel;
  return o;
}
