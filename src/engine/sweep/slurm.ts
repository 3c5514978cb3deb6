/**
 * Talking to the real Slurm through its commands: sbatch (an array job of items plus a merge job that depends on it),
 * squeue/scontrol for states (sacct needs accounting, which many clusters and the local test cluster lack), scancel.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, chmodSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { badInput, internalError } from '../util/errors';
import { writeFileAtomic } from '../util/atomic';
import { logsDir } from './run-folder';
import type { SweepPlan } from './types';

export interface SlurmOptions {
  partition?: string;
  time?: string;
  account?: string;
  cpusPerTask?: number;
  gpusPerTask?: number;
  maxParallel?: number;
  /** Passed to sbatch as they are (e.g. --qos=short). */
  extra: string[];
}

export function onPath(tool: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      /* not here */
    }
  }
  return null;
}

function slurmCommand(tool: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw internalError(`${tool} ${args.join(' ')} could not run: ${r.error.message}`);
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.trim() };
}

/** Refuses (exit 2, nothing submitted) when sbatch is missing or the partition is not on this cluster. */
export function checkSubmittable(o: SlurmOptions): void {
  for (const tool of ['sbatch', 'squeue', 'sinfo']) {
    if (!onPath(tool)) {
      throw badInput(`'${tool}' is not on PATH, so nothing can be submitted to Slurm (PATH=${process.env.PATH ?? ''}).`, {
        hint: 'Run `gan-lens sweep run` on a login node of your cluster (in VS Code: Remote-SSH to it), use --scheduler local, or start the one-node test cluster: scripts/slurm/local-cluster.sh start',
      });
    }
  }
  if (o.partition) {
    const r = slurmCommand('sinfo', ['-h', '-o', '%R']);
    if (!r.ok) throw badInput(`sinfo failed, so the partition '${o.partition}' cannot be checked: ${r.stderr}`, { hint: 'Is slurmctld reachable from this machine? Try `sinfo`.' });
    const known = [...new Set(r.stdout.split('\n').map((s) => s.trim()).filter(Boolean))];
    if (!known.includes(o.partition)) {
      throw badInput(`--partition ${o.partition} is not a partition of this cluster (it has: ${known.join(', ') || 'none'}); nothing was submitted.`, { hint: 'Pick one of those, or leave --partition out for the default.' });
    }
  }
}

/** "0-3,5,7-8" from sorted indices. */
function arraySpec(indices: readonly number[]): string {
  const parts: string[] = [];
  const s = [...indices].sort((a, b) => a - b);
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    parts.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function script(path: string, command: string): string {
  writeFileAtomic(path, `#!/bin/bash\n# Written by gan-lens sweep run. The run folder must be on a file system every node shares.\n${command}\n`);
  chmodSync(path, 0o755);
  return path;
}

function common(o: SlurmOptions): string[] {
  return [...(o.partition ? [`--partition=${o.partition}`] : []), ...(o.account ? [`--account=${o.account}`] : []), ...(o.time ? [`--time=${o.time}`] : [])];
}

function sbatch(args: string[]): string {
  const r = slurmCommand('sbatch', ['--parsable', ...args]);
  if (!r.ok) {
    throw badInput(`sbatch refused the sweep: ${r.stderr}`, { hint: 'Check --partition, --time, --account and the extra sbatch arguments against your cluster (`sinfo`, `sacctmgr show assoc user=$USER`).' });
  }
  return r.stdout.trim().split(';')[0]!;
}

export interface Submission {
  arrayJob: string;
  mergeJob: string;
  indices: number[];
  submitted: string;
  options: SlurmOptions;
}

/** One `sbatch --array` job (task i runs item i) and a merge job after it (afterany). */
export function submitSweep(run: string, plan: SweepPlan, indices: number[], o: SlurmOptions): Submission {
  const logs = logsDir(run);
  // Slurm opens --output itself and fails the task (JobLaunchFailure) when the folder is missing.
  mkdirSync(logs, { recursive: true });
  const item = script(join(run, 'slurm', 'item.sh'), `exec ${quote(plan.node)} ${quote(plan.cli)} sweep item ${quote(run)} --index "$SLURM_ARRAY_TASK_ID"`);
  const merge = script(join(run, 'slurm', 'merge.sh'), `exec ${quote(plan.node)} ${quote(plan.cli)} sweep merge ${quote(run)}`);
  const arrayJob = sbatch([
    `--array=${arraySpec(indices)}${o.maxParallel ? `%${o.maxParallel}` : ''}`,
    `--job-name=gan-lens-${plan.kind}`,
    `--output=${join(logs, '%A_%a.out')}`,
    `--chdir=${run}`,
    '--requeue',
    ...common(o),
    ...(o.cpusPerTask ? [`--cpus-per-task=${o.cpusPerTask}`] : []),
    ...(o.gpusPerTask ? [`--gpus-per-task=${o.gpusPerTask}`] : []),
    ...o.extra,
    item,
  ]);
  const mergeJob = sbatch([`--dependency=afterany:${arrayJob}`, `--job-name=gan-lens-${plan.kind}-merge`, `--output=${join(logs, 'merge-%j.out')}`, `--chdir=${run}`, ...common(o), merge]);
  return { arrayJob, mergeJob, indices, submitted: new Date().toISOString(), options: o };
}

export interface QueueEntry {
  state: string;
  reason: string;
}

/** squeue, one line per array task ("123_4"), plus plain jobs ("124"). Empty when squeue is not available. */
export function slurmQueue(): Map<string, QueueEntry> {
  const q = new Map<string, QueueEntry>();
  if (!onPath('squeue')) return q;
  const r = slurmCommand('squeue', ['-h', '-r', '-o', '%i|%T|%r']);
  if (!r.ok) return q;
  for (const line of r.stdout.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (id && state) q.set(id, { state, reason: reason ?? '' });
  }
  return q;
}

/** JobState and Reason from `scontrol show job` while Slurm still remembers the job (MinJobAge). */
export function scontrolJob(id: string): { state: string; reason: string } | null {
  if (!onPath('scontrol')) return null;
  const r = slurmCommand('scontrol', ['show', 'job', id]);
  if (!r.ok) return null;
  const state = /JobState=(\S+)/.exec(r.stdout)?.[1];
  const reason = /Reason=(\S+)/.exec(r.stdout)?.[1] ?? '';
  return state ? { state, reason } : null;
}

export function scancel(ids: string[]): string {
  if (!onPath('scancel')) throw badInput(`'scancel' is not on PATH; cancel the jobs ${ids.join(', ')} from a login node of the cluster.`);
  const r = slurmCommand('scancel', ids);
  if (!r.ok) throw badInput(`scancel ${ids.join(' ')} failed: ${r.stderr}`);
  return r.stderr;
}
