/**
 * The trained stitch for an extractor layer: an explicit run folder, else `<output>/stitch-FROM-TO` (the folder
 * `gan-lens stitch` writes by default), else a new run trained with the config's training settings.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GanLensConfig, PairConfig } from '../config/types';
import { readRun, type RunInfo } from '../stitch/run-folder';
import { hasCheckpoint } from '../stitch/checkpoint';
import { trainStitch, type StitchProgress } from '../stitch/train';
import type { SessionOptions } from '../runtime/session';

export interface TrainOverrides {
  epochs?: number;
  samplesPerEpoch?: number;
  validationSize?: number;
}

export interface StitchRunOptions {
  /** Run folders given by the user; the first whose pair starts at the layer wins. */
  runs?: readonly string[];
  /** Train a missing run (default true). */
  train?: boolean;
  training?: TrainOverrides;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (p: StitchProgress) => void;
}

export function pairFor(config: GanLensConfig, layer: string): PairConfig {
  return config.pairs.find((p) => p.from === layer) ?? { from: layer, to: 'auto' };
}

export function defaultRunDir(config: GanLensConfig, pair: PairConfig): string {
  return resolve(join(config.output, `stitch-${pair.from}-${pair.to}`.replace(/[^A-Za-z0-9._-]+/g, '_')));
}

function complete(dir: string): boolean {
  return existsSync(join(dir, 'run.json')) && (hasCheckpoint(join(dir, 'checkpoints/best')) || hasCheckpoint(join(dir, 'checkpoints/last')));
}

export interface StitchRunChoice {
  run: RunInfo;
  trained: boolean;
}

/** Finds (or trains) the stitch run for `layer`; null when none exists and training is off. */
export async function stitchRunFor(config: GanLensConfig, layer: string, o: StitchRunOptions = {}): Promise<StitchRunChoice | null> {
  for (const dir of o.runs ?? []) {
    const run = readRun(dir);
    if (run.pair.from === layer) return { run, trained: false };
  }
  const pair = pairFor(config, layer);
  const dir = defaultRunDir(config, pair);
  if (complete(dir)) return { run: readRun(dir), trained: false };
  if (o.train === false) return null;
  await trainStitch({
    config,
    pair,
    outDir: dir,
    // An interrupted run continues; a folder without a checkpoint (setup never finished) is started again.
    ...(hasCheckpoint(join(dir, 'checkpoints/last')) ? { resume: true } : { overwrite: true }),
    ...(o.session ? { session: o.session } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...o.training,
  });
  return { run: readRun(dir), trained: true };
}
