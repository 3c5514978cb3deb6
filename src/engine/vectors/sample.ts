/**
 * Sampling activation vectors: generate images from seeded latents and read LayerX at one pixel each (random or
 * chosen). Every vector keeps where it came from, so it can be regenerated exactly.
 */
import type { HostTensor } from '../onnx/tensor';
import { SeededRandom, deriveSeed } from '../util/random';
import { badInput, cancelledError } from '../util/errors';
import type { GeneratorParts } from './parts';
import type { VectorSetup } from './setup';
import { relative } from 'node:path';
import { planBatch } from '../model/memory-budget';

export interface VectorProvenance {
  /** 'sample': read from a generated image; 'optimised': found by the appendix optimisation; 'manual': imported. */
  source: 'sample' | 'optimised' | 'manual';
  /** Generator file (relative to the config's folder) and LayerX (config name and tensor). */
  generator: string;
  layer: string;
  tensor: string;
  /** Sampling run seed and the image's index in it. */
  seed?: number;
  index?: number;
  /** Seed of the image's latents and noise (the generator's inputs); regenerates the source image. */
  latentSeed?: number;
  /** [y, x] at LayerX. */
  position?: [number, number];
}

export interface SampledVector {
  vector: Float32Array;
  provenance: VectorProvenance;
}

export interface SampleOptions {
  n: number;
  seed: number;
  /** Fixed [y, x] at LayerX; a seeded random pixel per image when omitted. */
  position?: [number, number];
  /** Most images per generator run (default 16); fewer when the memory budget needs it. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Images per generator run: `wanted`, or fewer if the memory budget needs it (an error if one does not fit). */
function generatorBatch(parts: GeneratorParts, wanted: number, graphs: 'prefix' | 'both'): number {
  const m = parts.memory;
  const what = `Generating from ${parts.setup.config.generator.model} at ${parts.setup.layerName}`;
  return planBatch({ what, graphs: graphs === 'prefix' ? [m.prefix] : [m.prefix, m.suffix] }, wanted, m.budgetGB).batch;
}

/** The latent seed of image `index` of a sampling run. */
export function latentSeedOf(seed: number, index: number): number {
  return deriveSeed(seed, 'latent', index);
}

/** The activation vector of LayerX at (y, x) of batch row b. */
export function vectorAt(layerX: HostTensor, b: number, y: number, x: number): Float32Array {
  const [, c, h, w] = layerX.dims as [number, number, number, number];
  const src = layerX.data as Float32Array;
  const v = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) v[ch] = src[((b * c + ch) * h + y) * w + x]!;
  return v;
}

export async function sampleVectors(parts: GeneratorParts, o: SampleOptions): Promise<SampledVector[]> {
  const { setup } = parts;
  const [, h, w] = setup.shape;
  if (o.position && (o.position[0] < 0 || o.position[0] >= h || o.position[1] < 0 || o.position[1] >= w)) {
    throw badInput(`Position [${o.position.join(', ')}] lies outside ${setup.layerName}, which is ${h}×${w}.`, { tensor: setup.layer.tensor });
  }
  const batch = generatorBatch(parts, o.batchSize ?? 16, 'prefix');
  const out: SampledVector[] = [];
  for (let start = 0; start < o.n; start += batch) {
    if (o.signal?.aborted) throw cancelledError('Sampling activation vectors');
    const idx = Array.from({ length: Math.min(batch, o.n - start) }, (_, i) => start + i);
    const seeds = idx.map((i) => latentSeedOf(o.seed, i));
    const { layerX } = await parts.generate(seeds);
    idx.forEach((index, b) => {
      const rng = new SeededRandom(deriveSeed(o.seed, 'position', index));
      const position: [number, number] = o.position ?? [rng.int(h), rng.int(w)];
      out.push({
        vector: vectorAt(layerX, b, position[0], position[1]),
        provenance: {
          source: 'sample',
          generator: generatorPath(setup),
          layer: setup.layerName,
          tensor: setup.layer.tensor,
          seed: o.seed,
          index,
          latentSeed: seeds[b]!,
          position,
        },
      });
    });
    o.onProgress?.(out.length, o.n);
  }
  return out;
}

/** The generator's path relative to the config's folder: provenance that survives moving the workspace. */
function generatorPath(setup: VectorSetup): string {
  return relative(setup.config.dir, setup.config.generator.model).split('\\').join('/');
}

/** What a library of this layer records about itself. */
export function libraryIdentity(setup: VectorSetup): { generator: string; layer: string; tensor: string; channels: number } {
  return { generator: generatorPath(setup), layer: setup.layerName, tensor: setup.layer.tensor, channels: setup.shape[0] };
}
