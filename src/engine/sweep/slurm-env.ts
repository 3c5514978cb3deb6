import type { SlurmIds } from './types';

/** The Slurm job and array task this process runs in, from the variables Slurm sets; null outside Slurm. */
export function slurmIdsFromEnv(env: NodeJS.ProcessEnv = process.env): SlurmIds | null {
  const jobId = env.SLURM_JOB_ID;
  if (!jobId) return null;
  return { jobId, arrayJobId: env.SLURM_ARRAY_JOB_ID ?? jobId, arrayTaskId: env.SLURM_ARRAY_TASK_ID ?? '' };
}
