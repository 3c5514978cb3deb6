/** Reading a run's metrics.json back when resuming, tolerant of a crash between the checkpoint and metrics writes. */
import { existsSync } from 'node:fs';
import { badInput } from '../util/errors';
import { isRecord, readJsonFile } from '../util/json-file';
import type { EpochMetrics } from './train';

export interface ResumedMetrics {
  initial: { cosine: number; l1: number } | null;
  /** Finished epochs before the checkpoint's, as recorded. */
  history: EpochMetrics[];
}

const HINT = 'The run folder is damaged: pass --overwrite to train it again from scratch.';

function isEpoch(e: unknown): e is EpochMetrics {
  return isRecord(e) && typeof e.epoch === 'number' && typeof e.valCosine === 'number' && typeof e.valL1 === 'number' && typeof e.step === 'number';
}

/** The metrics of epochs before `checkpointEpoch`; a missing file or `initial` gives nulls to recompute. */
export function readResumeMetrics(file: string, checkpointEpoch: number): ResumedMetrics {
  if (!existsSync(file)) return { initial: null, history: [] };
  const raw = readJsonFile(file, HINT);
  if (!isRecord(raw)) throw badInput(`${file} is not a metrics object.`, { file, hint: HINT });
  const init = raw.initial;
  const initial = isRecord(init) && typeof init.cosine === 'number' && typeof init.l1 === 'number' ? { cosine: init.cosine, l1: init.l1 } : null;
  const epochs = Array.isArray(raw.epochs) ? raw.epochs.filter(isEpoch) : [];
  return { initial, history: epochs.filter((e) => e.epoch < checkpointEpoch).sort((a, b) => a.epoch - b.epoch) };
}
