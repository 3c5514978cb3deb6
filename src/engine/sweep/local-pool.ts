/** The local scheduler: the same item processes Slurm would run, K at a time on this machine. */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { markFailed, readDone } from './markers';
import { itemDir, logsDir } from './run-folder';
import type { SweepPlan } from './types';

export interface PoolResult {
  done: number[];
  failed: { index: number; reason: string }[];
}

export async function runLocalPool(run: string, plan: SweepPlan, indices: number[], workers: number, o: { signal: AbortSignal; log: (line: string) => void }): Promise<PoolResult> {
  mkdirSync(logsDir(run), { recursive: true });
  const queue = indices.filter((i) => !readDone(run, plan.items[i]!));
  const result: PoolResult = { done: indices.filter((i) => !queue.includes(i)), failed: [] };
  const children = new Set<ReturnType<typeof spawn>>();
  const onAbort = (): void => {
    for (const c of children) c.kill('SIGTERM');
  };
  o.signal.addEventListener('abort', onAbort);
  const worker = async (): Promise<void> => {
    for (let index = queue.shift(); index !== undefined && !o.signal.aborted; index = queue.shift()) {
      const item = plan.items[index]!;
      const log = openSync(join(logsDir(run), `item-${item.id}.log`), 'a');
      const child = spawn(plan.node, [plan.cli, 'sweep', 'item', run, '--index', String(index)], { stdio: ['ignore', log, log] });
      children.add(child);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on('exit', (c, s) => res([c, s])));
      children.delete(child);
      closeSync(log);
      if (code === 0) {
        result.done.push(index);
        o.log(`item ${item.id}: done`);
        continue;
      }
      const reason = signal ? `worker pid ${child.pid} was killed by ${signal} mid-item` : `worker pid ${child.pid} exited with code ${code}; see logs/item-${item.id}.log`;
      // A killed worker wrote nothing about itself; an item that failed on its own wrote failed.json already.
      if (signal || !existsSync(join(itemDir(run, item), 'failed.json'))) markFailed(run, item, { index, host: hostname(), pid: child.pid ?? 0, when: new Date().toISOString(), slurm: null, reason });
      result.failed.push({ index, reason });
      o.log(`item ${item.id}: failed — ${reason}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, queue.length)) }, worker));
  o.signal.removeEventListener('abort', onAbort);
  return result;
}
