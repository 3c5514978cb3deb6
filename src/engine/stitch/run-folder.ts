/** Reading a stitch run folder back: which config and pair it trained, and its best (or last) conv. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load';
import type { GanLensConfig } from '../config/types';
import { readCheckpoint, hasCheckpoint } from './checkpoint';
import { badInput } from '../util/errors';

export interface RunInfo {
  dir: string;
  config: GanLensConfig;
  pair: { from: string; to: string; fromTensor: string; toTensor: string };
  weight: Float32Array;
  bias: Float32Array;
  /** Which checkpoint the conv came from. */
  checkpoint: 'best' | 'last';
  /** Validation cosine at LayerX of the best epoch (mean, std), for out-of-distribution scores. */
  validation: { mean: number; std: number } | null;
}

export function readRun(dir: string): RunInfo {
  const abs = resolve(dir);
  const runFile = join(abs, 'run.json');
  if (!existsSync(runFile)) {
    throw badInput(`${abs} is not a stitch run folder (no run.json).`, { file: abs, hint: 'Pass the --out folder of `gan-lens stitch`.' });
  }
  const run = JSON.parse(readFileSync(runFile, 'utf8')) as { config: string; pair: RunInfo['pair'] };
  const which = hasCheckpoint(join(abs, 'checkpoints/best')) ? 'best' : 'last';
  const ckpt = readCheckpoint(join(abs, 'checkpoints', which));
  let validation: RunInfo['validation'] = null;
  const metricsFile = join(abs, 'metrics.json');
  if (existsSync(metricsFile)) {
    const m = JSON.parse(readFileSync(metricsFile, 'utf8')) as { epochs: { epoch: number; valCosine: number; valCosineStd: number }[]; bestEpoch?: number };
    const best = m.epochs.find((e) => e.epoch === m.bestEpoch) ?? m.epochs[m.epochs.length - 1];
    if (best) validation = { mean: best.valCosine, std: best.valCosineStd };
  }
  return { dir: abs, config: loadConfig(run.config), pair: run.pair, weight: ckpt.weight, bias: ckpt.bias, checkpoint: which, validation };
}
