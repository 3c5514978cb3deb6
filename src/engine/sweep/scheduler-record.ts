/** RUN/scheduler.json: how the sweep was last run (local pool or Slurm submissions), so status, cancel and retry know. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic';
import type { SlurmOptions, Submission } from './slurm';

export interface LocalRecord {
  pid: number;
  host: string;
  workers: number;
  started: string;
}

export interface SchedulerRecord {
  scheduler: 'local' | 'slurm';
  local?: LocalRecord;
  workers?: number;
  slurm?: { options: SlurmOptions; submissions: Submission[] };
}

const file = (run: string): string => join(run, 'scheduler.json');

export function readScheduler(run: string): SchedulerRecord | null {
  return existsSync(file(run)) ? (JSON.parse(readFileSync(file(run), 'utf8')) as SchedulerRecord) : null;
}

export function writeScheduler(run: string, r: SchedulerRecord): void {
  writeFileAtomic(file(run), JSON.stringify(r, null, 2));
}
