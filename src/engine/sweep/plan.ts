/** `sweep plan`: splits a job into deterministic items and writes RUN/sweep.json with the config's hash. */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GanLensConfig } from '../config/types';
import { badInput } from '../util/errors';
import { builtCli } from './cli-path';
import { configHash } from './config-hash';
import type { PlanFlags } from './kinds/kind';
import { KINDS } from './kinds/index';
import { planFile, writePlan } from './run-folder';
import type { SweepKind, SweepPlan, SweepSession } from './types';
import { slurmDefaults } from './slurm-defaults';

export function planSweep(config: GanLensConfig, kind: SweepKind, outArg: string, session: SweepSession, flags: PlanFlags): { run: string; plan: SweepPlan } {
  const run = resolve(outArg);
  if (existsSync(planFile(run))) {
    throw badInput(`${run} already holds a sweep (sweep.json).`, { file: planFile(run), hint: 'Run it with `gan-lens sweep run`, or plan into a new folder.' });
  }
  const { settings, items } = KINDS[kind].plan(config, flags);
  const plan: SweepPlan = {
    version: 1,
    kind,
    config: resolve(config.file),
    configHash: configHash(config.file),
    created: new Date().toISOString(),
    settings,
    session,
    node: process.execPath,
    cli: builtCli(),
    items: items.map((it, index) => ({ index, ...it })),
    ...(config.slurm ? { slurm: slurmDefaults(config.slurm) } : {}),
  };
  mkdirSync(run, { recursive: true });
  writePlan(run, plan);
  return { run, plan };
}
