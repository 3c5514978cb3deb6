import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../metrics/activations';
import { GanLensError } from '../util/errors';
import { mergeMethodShards, poolSummaries } from './merge-shards';
import type { MethodResult } from './types';

test('pooled summaries equal the summary of the union (mean, population std, min, max, n)', () => {
  const a = [0.1, 0.5, 0.9];
  const b = [0.2, 0.3];
  const c = [1.5];
  const pooled = poolSummaries([summarize(a), summarize(b), summarize(c)]);
  const whole = summarize([...a, ...b, ...c]);
  for (const k of ['mean', 'std', 'min', 'max', 'n'] as const) assert.ok(Math.abs(pooled[k] - whole[k]) < 1e-12, `${k}: ${pooled[k]} vs ${whole[k]}`);
  assert.equal(poolSummaries([]).n, 0);
});

function shard(start: number, values: number[], curve: number[]): { start: number; result: MethodResult; recon: { dtype: 'float32'; dims: number[]; data: Float32Array } } {
  const images = values.map((v) => ({ cosine: v, l1: 1 - v, gram: v / 2 }));
  return {
    start,
    result: {
      kind: 'gd-reg',
      label: 'GD reg',
      seconds: values.length,
      secondsPerImage: 1,
      timingRuns: 1,
      metrics: [{ network: 'probe', layer: 'l', tensor: 't', cosine: summarize(values), l1: summarize(values.map((v) => 1 - v)), gram: summarize(values.map((v) => v / 2)), images }],
      extractor: { cosine: summarize(values), l1: summarize(values) },
      lossCurve: curve,
    },
    recon: { dtype: 'float32', dims: [values.length, 1, 1, 1], data: Float32Array.from(values) },
  };
}

test('GD shards merge in image order: per-image metrics concatenated, loss curve image-weighted, times added', () => {
  const m = mergeMethodShards([shard(2, [0.7], [3, 1]), shard(0, [0.1, 0.3], [6, 4])]);
  assert.deepEqual(m.result.metrics[0]!.images.map((i) => i.cosine), [0.1, 0.3, 0.7]);
  assert.deepEqual(m.result.metrics[0]!.cosine, summarize([0.1, 0.3, 0.7]));
  assert.deepEqual(m.result.lossCurve, [(6 * 2 + 3) / 3, (4 * 2 + 1) / 3]);
  assert.equal(m.result.seconds, 3);
  assert.deepEqual(Array.from(m.recon.data as Float32Array, (x) => Number(x.toFixed(4))), [0.1, 0.3, 0.7]);
  assert.deepEqual(m.recon.dims, [3, 1, 1, 1]);
  assert.throws(() => mergeMethodShards([shard(0, [0.1], [1]), shard(2, [0.2], [1])]), (e: unknown) => e instanceof GanLensError && /do not tile the images: one starts at 2, expected 1/.test(e.message));
});
