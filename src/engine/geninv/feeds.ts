/** Generator feeds per image (so an image's result does not depend on its batch), stacked into batches. */
import { generatorFeeds, type InputPlan } from '../generator/feeds';
import { hostTensor, type HostTensor } from '../onnx/tensor';
import { SeededRandom, deriveSeed } from '../util/random';

/** One image's feed for every generator input (unprefixed names): latents drawn from their prior, noise, class. */
export function imageFeeds(plans: readonly InputPlan[], seed: number, index: number, noiseMode: 'const' | 'random'): Record<string, HostTensor> {
  return generatorFeeds(plans, 1, new SeededRandom(deriveSeed(seed, 'geninv-inputs', index)), noiseMode);
}

/** Concatenates tensors along the batch axis (axis 0). */
export function stackBatch(parts: readonly HostTensor[]): HostTensor {
  const first = parts[0]!;
  const out = hostTensor(first.dtype, [parts.reduce((s, p) => s + p.dims[0]!, 0), ...first.dims.slice(1)]);
  let offset = 0;
  for (const p of parts) {
    (out.data as Float32Array).set(p.data as Float32Array, offset);
    offset += p.data.length;
  }
  return out;
}

/** Row i of a batch tensor as its own [1, ...] tensor (a copy). */
export function batchRow(t: HostTensor, i: number): HostTensor {
  const per = t.data.length / t.dims[0]!;
  const out = hostTensor(t.dtype, [1, ...t.dims.slice(1)]);
  (out.data as Float32Array).set((t.data as Float32Array).subarray(i * per, (i + 1) * per));
  return out;
}

/** Per-image feeds stacked, renamed with `prefix`, restricted to `wanted` feed names. */
export function batchFeeds(perImage: readonly Record<string, HostTensor>[], prefix: string, wanted: readonly string[]): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const name of Object.keys(perImage[0] ?? {})) {
    const feed = prefix + name;
    if (wanted.includes(feed)) out[feed] = stackBatch(perImage.map((f) => f[name]!));
  }
  return out;
}
