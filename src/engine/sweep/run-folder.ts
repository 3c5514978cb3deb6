/** Paths inside a sweep folder RUN and reading its plan (with the config-hash check). */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { badInput } from '../util/errors';
import { writeFileAtomic } from '../util/atomic';
import { configHash } from './config-hash';
import type { SweepItem, SweepPlan } from './types';

export const planFile = (run: string): string => join(run, 'sweep.json');
export const itemDir = (run: string, item: SweepItem): string => join(run, 'items', item.id);
export const itemOut = (run: string, item: SweepItem): string => join(itemDir(run, item), 'out');
export const logsDir = (run: string): string => join(run, 'logs');
export const mergedDir = (run: string): string => join(run, 'merged');

export function writePlan(run: string, plan: SweepPlan): void {
  writeFileAtomic(planFile(run), JSON.stringify(plan, null, 2));
}

/** Reads RUN/sweep.json; with `checkHash`, refuses (exit 2) when the config changed since planning. */
export function readPlan(runArg: string, checkHash = true): { run: string; plan: SweepPlan } {
  const run = resolve(runArg);
  const file = planFile(run);
  if (!existsSync(file)) {
    throw badInput(`${run} is not a sweep folder (no sweep.json).`, { file, hint: 'Create one with `gan-lens sweep plan --config C --kind stitch --out RUN`.' });
  }
  const plan = JSON.parse(readFileSync(file, 'utf8')) as SweepPlan;
  if (checkHash) {
    if (!existsSync(plan.config)) throw badInput(`The sweep's config ${plan.config} no longer exists.`, { file: plan.config, hint: 'Restore it, or plan a new sweep.' });
    const now = configHash(plan.config);
    if (now !== plan.configHash) {
      throw badInput(`${plan.config} changed since this sweep was planned (hash ${now.slice(0, 12)}, plan ${plan.configHash.slice(0, 12)}); its items would mix two configs.`, {
        file: plan.config,
        hint: `Restore the config, or plan a new sweep into a new folder: gan-lens sweep plan --config ${plan.config} --kind ${plan.kind} --out NEW_RUN`,
      });
    }
  }
  return { run, plan };
}

export function itemAt(plan: SweepPlan, index: number, run: string): SweepItem {
  const item = plan.items[index];
  if (!item) throw badInput(`--index ${index} is out of range: ${run} has items 0–${plan.items.length - 1}.`, { file: planFile(run) });
  return item;
}
