/** Reading a stitch run folder back: which config and pair it trained, and its best (or last) conv. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load';
import type { GanLensConfig } from '../config/types';
import { readCheckpoint, hasCheckpoint } from './checkpoint';
import { verifyRunHashes } from './run-hashes';
import { badInput } from '../util/errors';
import { isRecord, readJsonFile } from '../util/json-file';

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
  const hint = 'The run folder is damaged: train it again with `gan-lens stitch --overwrite`.';
  const raw = readJsonFile(runFile, hint);
  const pair = isRecord(raw) && isRecord(raw.pair) ? raw.pair : undefined;
  if (!isRecord(raw) || typeof raw.config !== 'string' || !pair || typeof pair.from !== 'string' || typeof pair.fromTensor !== 'string' || typeof pair.toTensor !== 'string') {
    throw badInput(`${runFile} is damaged: it needs "config" and "pair" {from, to, fromTensor, toTensor}.`, { file: runFile, hint });
  }
  const run = raw as { config: string; pair: RunInfo['pair'] & { fromShape?: number[]; toShape?: number[] } };
  const [cx] = run.pair.fromShape ?? [];
  const [cy] = run.pair.toShape ?? [];
  const config = loadConfig(run.config);
  verifyRunHashes(abs, { extractor: config.extractor.model, generator: config.generator.model });
  const which = hasCheckpoint(join(abs, 'checkpoints/best')) ? 'best' : 'last';
  const ckpt = readCheckpoint(join(abs, 'checkpoints', which), cx !== undefined && cy !== undefined ? { cx, cy } : undefined);
  let validation: RunInfo['validation'] = null;
  const metricsFile = join(abs, 'metrics.json');
  if (existsSync(metricsFile)) {
    const m = readJsonFile(metricsFile, hint) as { epochs?: { epoch: number; valCosine: number; valCosineStd: number }[]; bestEpoch?: number };
    const epochs = Array.isArray(m.epochs) ? m.epochs.filter((e) => isRecord(e) && typeof e.valCosine === 'number' && typeof e.valCosineStd === 'number') : [];
    const best = epochs.find((e) => e.epoch === m.bestEpoch) ?? epochs[epochs.length - 1];
    if (best) validation = { mean: best.valCosine, std: best.valCosineStd };
  }
  return { dir: abs, config, pair: run.pair, weight: ckpt.weight, bias: ckpt.bias, checkpoint: which, validation };
}
