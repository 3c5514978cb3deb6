/** One GD method's results from image shards, merged into what a single run over all the images reports. */
import type { HostTensor } from '../onnx/tensor';
import { summarize, type Summary } from '../metrics/activations';
import { badInput } from '../util/errors';
import type { MethodResult, NetworkMetrics } from './types';

export interface MethodShard {
  /** Global index of the shard's first image. */
  start: number;
  result: MethodResult;
  /** Its reconstructions [n, 3, H, W]. */
  recon: HostTensor;
}

/** Mean, population std, min and max of the union of groups known only by their summaries (pooled variance). */
export function poolSummaries(parts: readonly Summary[]): Summary {
  const n = parts.reduce((a, p) => a + p.n, 0);
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN, n: 0 };
  const mean = parts.reduce((a, p) => a + p.n * p.mean, 0) / n;
  const variance = parts.reduce((a, p) => a + p.n * (p.std ** 2 + (p.mean - mean) ** 2), 0) / n;
  return { mean, std: Math.sqrt(variance), min: Math.min(...parts.map((p) => p.min)), max: Math.max(...parts.map((p) => p.max)), n };
}

/**
 * Shards must tile [0, N) in order. Per-image metrics are concatenated and summarised again (the same numbers as one
 * run); the metrics at the inverted layer keep only summaries and are pooled; the loss curve is the image-weighted
 * mean; times add up.
 */
export function mergeMethodShards(shards: readonly MethodShard[]): { result: MethodResult; recon: HostTensor } {
  const parts = [...shards].sort((a, b) => a.start - b.start);
  const first = parts[0];
  if (!first) throw badInput('No shards to merge.');
  let next = 0;
  for (const p of parts) {
    if (p.start !== next) throw badInput(`The ${first.result.kind} shards do not tile the images: one starts at ${p.start}, expected ${next}.`, { hint: 'Plan the sweep again and run every item.' });
    next += p.recon.dims[0]!;
  }
  const n = next;
  const counts = parts.map((p) => p.recon.dims[0]!);
  const metrics: NetworkMetrics[] = first.result.metrics.map((m, j) => {
    const images = parts.flatMap((p) => p.result.metrics[j]!.images);
    return { ...m, cosine: summarize(images.map((x) => x.cosine)), l1: summarize(images.map((x) => x.l1)), gram: summarize(images.map((x) => x.gram)), images };
  });
  const seconds = parts.reduce((a, p) => a + p.result.seconds, 0);
  const curve = first.result.lossCurve;
  const lossCurve = curve ? curve.map((_, s) => parts.reduce((a, p, i) => a + p.result.lossCurve![s]! * counts[i]!, 0) / n) : undefined;
  const per = first.recon.data.length / counts[0]!;
  const data = new Float32Array(n * per);
  let at = 0;
  for (const p of parts) {
    data.set(p.recon.data as Float32Array, at);
    at += p.recon.data.length;
  }
  return {
    result: {
      ...first.result,
      seconds,
      secondsPerImage: seconds / n,
      metrics,
      extractor: { cosine: poolSummaries(parts.map((p) => p.result.extractor.cosine)), l1: poolSummaries(parts.map((p) => p.result.extractor.l1)) },
      ...(lossCurve ? { lossCurve } : {}),
    },
    recon: { dtype: 'float32', dims: [n, ...first.recon.dims.slice(1)], data },
  };
}
