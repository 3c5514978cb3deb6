/** `sweep merge`: refuses while any item is incomplete (naming them), else writes the single-machine outputs. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load';
import { badInput } from '../util/errors';
import { KINDS } from './kinds/index';
import { readDone } from './markers';
import { itemOut, mergedDir, readPlan } from './run-folder';
import { itemStates } from './states';

export async function mergeSweep(runArg: string, o: { out?: string; log: (line: string) => void }): Promise<{ dir: string; files: string[] }> {
  const { run, plan } = readPlan(runArg);
  const missing = plan.items.filter((item) => !readDone(run, item));
  if (missing.length) {
    const states = new Map(itemStates(run, plan).map((s) => [s.index, s]));
    const lines = missing.map((m) => `  ${m.id}: ${states.get(m.index)!.state} — ${states.get(m.index)!.reason}`);
    throw badInput(`Cannot merge ${run}: ${missing.length} of ${plan.items.length} items are not complete:\n${lines.join('\n')}`, {
      file: run,
      hint: `Wait for them (gan-lens sweep status ${run}) or start the failed ones again (gan-lens sweep retry ${run}).`,
    });
  }
  const dir = resolve(o.out ?? mergedDir(run));
  const config = loadConfig(plan.config);
  const files = await KINDS[plan.kind].merge({ run, plan, config, outs: plan.items.map((i) => itemOut(run, i)), log: o.log }, dir);
  return { dir, files };
}
