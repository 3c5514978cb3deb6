/** Generator runs around an inversion: sampled images with their z and G1(z), and G2(h) for given layer values. */
import { openSession, type RunnableSession, type SessionOptions } from '../runtime/session';
import type { HostTensor } from '../onnx/tensor';
import {buildGenerateModel, buildSuffixModel, INVERSION_TENSORS } from './graphs';
import { batchFeeds, imageFeeds, stackBatch } from './feeds';
import type { InversionSetup } from './setup';

export interface GeneratedSamples {
  /** [N, 3, H, W] in [0,1]. */
  images: HostTensor;
  /** The latents per input name, [N, ...]. */
  z: Record<string, HostTensor>;
  /** G1(z), [N, ...layer shape]. */
  h: HostTensor;
}

function only(feeds: Record<string, HostTensor>, s: RunnableSession): Record<string, HostTensor> {
  return Object.fromEntries(Object.entries(feeds).filter(([k]) => s.inputNames.includes(k)));
}

/** Images the generator makes from seeded latents: sample i of `seed` is always the same. */
export async function sampleGenerated(setup: InversionSetup, indices: readonly number[], seed: number, session?: SessionOptions): Promise<GeneratedSamples> {
  const s = await openSession(buildGenerateModel(setup.split), session);
  const perImage = indices.map((i) => imageFeeds(setup.plans, seed, i, setup.config.generator.noise.mode));
  const feeds = batchFeeds(perImage, 'g/', s.inputNames);
  const out = await s.run(only(feeds, s), [INVERSION_TENSORS.image01, `g/${setup.split.layer}`]);
  const z = Object.fromEntries(setup.split.latents.map((l) => [l, feeds[`g/${l}`]!]));
  return { images: out[INVERSION_TENSORS.image01]!, z, h: out[`g/${setup.split.layer}`]! };
}

/** G2 at the given layer values ([N, ...layer shape]); other generator inputs from image `index` of `seed`. */
export async function renderLayer(setup: InversionSetup, h: HostTensor, seed: number, index = 0, session?: SessionOptions): Promise<HostTensor> {
  const s = await openSession(buildSuffixModel(setup.split), session);
  const n = h.dims[0]!;
  const perImage = Array.from({ length: n }, () => imageFeeds(setup.plans, seed, index, setup.config.generator.noise.mode));
  const feeds = { ...batchFeeds(perImage, 'g/', s.inputNames), [`g/${setup.split.layer}`]: h };
  return (await s.run(only(feeds, s), [INVERSION_TENSORS.image01]))[INVERSION_TENSORS.image01]!;
}

/** Linear mixes (1 − α)·a + α·b for α = 0, 1/(K−1), …, 1, stacked as [K, ...]. */
export function linearPath(a: HostTensor, b: HostTensor, steps: number): HostTensor {
  const da = a.data as Float32Array;
  const db = b.data as Float32Array;
  const rows = Array.from({ length: steps }, (_, k) => {
    const t = steps === 1 ? 0 : k / (steps - 1);
    const d = new Float32Array(da.length);
    for (let i = 0; i < d.length; i++) d[i] = (1 - t) * da[i]! + t * db[i]!;
    return { dtype: 'float32' as const, dims: [1, ...a.dims.slice(1)], data: d };
  });
  return stackBatch(rows);
}
