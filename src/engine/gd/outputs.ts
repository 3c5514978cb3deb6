/** What a gradient-descent inversion run writes: images/*.png, grid.png (originals above reconstructions), metrics.json. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostTensor } from '../onnx/tensor';
import { encodeGridPng, encodePng, unstackImage } from '../runtime/image';
import { writeFileAtomic } from '../util/atomic';
import { summarize, type Summary } from '../metrics/activations';

/** File-name-safe id of an image source's entry: its base name without extension. */
export function imageFileId(sourceId: string): string {
  return sourceId.split('/').pop()!.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_');
}

export interface GdRunRecord {
  model: string;
  layer: { query: string; name: string; tensor: string };
  reg: string;
  steps: number;
  lr: number;
  batchSize: number;
  seed: number;
  inputSize: [number, number];
  mean: readonly number[];
  std: readonly number[];
  seconds: number;
  secondsPerStep: number;
  setupSeconds: number;
  /** Mean per-image L1 at the layer at each step. */
  lossCurve: number[];
}

export interface GdRunMetrics extends GdRunRecord {
  finalL1: Summary;
  images: { id: string; finalL1: number }[];
}

/** Writes a run folder; returns its metrics as written. */
export async function writeGdOutputs(
  out: string,
  originals: HostTensor,
  reconstructions: HostTensor,
  ids: readonly string[],
  finalLoss: readonly number[],
  record: GdRunRecord,
): Promise<GdRunMetrics> {
  const n = ids.length;
  mkdirSync(join(out, 'images'), { recursive: true });
  for (let i = 0; i < n; i++) writeFileAtomic(join(out, 'images', `${ids[i]}.png`), await encodePng(unstackImage(reconstructions, i)));
  const cols = Math.min(8, n);
  const tiles = [...Array.from({ length: cols }, (_, i) => unstackImage(originals, i)), ...Array.from({ length: cols }, (_, i) => unstackImage(reconstructions, i))];
  writeFileAtomic(join(out, 'grid.png'), await encodeGridPng(tiles, { cols, padValue: 1 }));
  const { lossCurve, ...head } = record;
  const metrics: GdRunMetrics = { ...head, finalL1: summarize([...finalLoss]), images: ids.map((id, i) => ({ id, finalL1: finalLoss[i]! })), lossCurve };
  writeFileAtomic(join(out, 'metrics.json'), JSON.stringify(metrics, null, 2));
  return metrics;
}
