/** The files by which an item reports its state in its folder: running.json, failed.json, done.json (last). */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic';
import { itemDir } from './run-folder';
import type { ItemDone, ItemFailure, ItemStart, SweepItem } from './types';

const file = (run: string, item: SweepItem, name: string): string => join(itemDir(run, item), name);

function read<T>(path: string): T | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

export const readDone = (run: string, item: SweepItem): ItemDone | null => read<ItemDone>(file(run, item, 'done.json'));
export const readStart = (run: string, item: SweepItem): ItemStart | null => read<ItemStart>(file(run, item, 'running.json'));
export const readFailure = (run: string, item: SweepItem): ItemFailure | null => read<ItemFailure>(file(run, item, 'failed.json'));

export function markStarted(run: string, item: SweepItem, s: ItemStart): void {
  rmSync(file(run, item, 'failed.json'), { force: true });
  writeFileAtomic(file(run, item, 'running.json'), JSON.stringify(s, null, 2));
}

export function markFailed(run: string, item: SweepItem, f: ItemFailure): void {
  writeFileAtomic(file(run, item, 'failed.json'), JSON.stringify(f, null, 2));
}

export function markDone(run: string, item: SweepItem, d: ItemDone): void {
  writeFileAtomic(file(run, item, 'done.json'), JSON.stringify(d, null, 2));
  rmSync(file(run, item, 'running.json'), { force: true });
}
