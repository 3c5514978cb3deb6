/**
 * Runs one work item (what `gan-lens sweep item RUN --index i` does, locally or as Slurm array task i): skips a
 * completed item, cleans what a killed attempt left, resumes from the item's checkpoint, and writes done.json last.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { loadConfig } from '../config/load';
import { errorMessage } from '../util/errors';
import { KINDS } from './kinds/index';
import { markDone, markFailed, markStarted, readDone } from './markers';
import { removeStrayTemps } from './cleanup';
import { itemAt, itemDir, itemOut, readPlan } from './run-folder';
import { slurmIdsFromEnv } from './slurm-env';
import type { ItemDone, ItemStart } from './types';

function listFiles(dir: string, root: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p, root) : [relative(root, p)];
  });
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export async function runSweepItem(runArg: string, index: number, o: { signal: AbortSignal; log: (line: string) => void }): Promise<{ skipped: boolean; record: ItemDone }> {
  const { run, plan } = readPlan(runArg);
  const item = itemAt(plan, index, run);
  const previous = readDone(run, item);
  if (previous) {
    o.log(`item ${item.id}: already done (${previous.finished}); skipping`);
    return { skipped: true, record: previous };
  }
  const kind = KINDS[plan.kind];
  const dir = itemDir(run, item);
  const out = itemOut(run, item);
  mkdirSync(out, { recursive: true });
  for (const p of removeStrayTemps(dir)) o.log(`item ${item.id}: removed ${relative(dir, p)} left by an interrupted attempt`);
  const started = Date.now();
  const start: ItemStart = {
    index,
    host: hostname(),
    pid: process.pid,
    started: new Date(started).toISOString(),
    slurm: slurmIdsFromEnv(),
    resumedFrom: kind.progress({ item, out, plan }),
  };
  markStarted(run, item, start);
  o.log(`item ${item.id}: started on ${start.host} (pid ${start.pid}${start.slurm ? `, Slurm job ${start.slurm.arrayJobId}_${start.slurm.arrayTaskId}` : ''})${start.resumedFrom ? `, resuming from step ${start.resumedFrom}` : ''}`);
  try {
    const config = loadConfig(plan.config);
    await kind.runItem({ plan, item, config, out, session: plan.session, signal: o.signal, log: o.log });
  } catch (e) {
    markFailed(run, item, { index, host: start.host, pid: start.pid, when: new Date().toISOString(), slurm: start.slurm, reason: errorMessage(e) });
    throw e;
  }
  const record: ItemDone = { ...start, finished: new Date().toISOString(), seconds: (Date.now() - started) / 1000, outputs: listFiles(out, dir), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpuSeconds: cpuSeconds() };
  markDone(run, item, record);
  o.log(`item ${item.id}: done in ${record.seconds.toFixed(1)} s`);
  return { skipped: false, record };
}
