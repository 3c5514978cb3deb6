/**
 * The generator split at LayerX: a prefix (inputs → LayerX and the image) and a suffix (LayerX, plus any inputs read
 * after it, e.g. noise → image). Each sample is identified by a seed: the same seed gives the same latents and noise
 * on both sides, so a suffix run on the prefix's own LayerX reproduces the generated image. A seed pair
 * {latent, noise} varies the noise inputs while keeping the latents (the paper's image variations).
 */
import { cut, inject } from '../onnx/surgery';
import { openSession, type RunnableSession, type SessionOptions } from '../runtime/session';
import { generatorFeeds, planGeneratorInputs, type InputPlan } from '../generator/feeds';
import { SeededRandom, deriveSeed } from '../util/random';
import type { HostTensor } from '../onnx/tensor';
import { badInput, formatShape } from '../util/errors';
import type { VectorSetup } from './setup';
import { graphMemory, knownShapes, type GraphMemory } from '../model/memory-budget';

/** A sample's seed: one number seeds latents and noise; a pair seeds them separately. */
export type SampleSeed = number | { latent: number; noise: number };

export function seedKey(s: SampleSeed): string {
  return typeof s === 'number' ? String(s) : `${s.latent}/${s.noise}`;
}

export interface GeneratorParts {
  setup: VectorSetup;
  prefix: RunnableSession;
  suffix: RunnableSession;
  /** What the two graphs hold while they run, and the job's memory budget (model/memory-budget.ts). */
  memory: { prefix: GraphMemory; suffix: GraphMemory; budgetGB?: number };
  /** Feeds for the given sessions' generator inputs (all but LayerX), one batch row per latent seed. */
  feeds(session: RunnableSession, latentSeeds: readonly SampleSeed[]): Record<string, HostTensor>;
  /** LayerX activations [N, C, H, W] and images in [0, 1] for the latent seeds. */
  generate(latentSeeds: readonly SampleSeed[]): Promise<{ layerX: HostTensor; images: HostTensor }>;
  /** Images in [0, 1] from LayerX activations [N, C, H, W]. */
  render(layerX: HostTensor, latentSeeds: readonly SampleSeed[]): Promise<HostTensor>;
}

export async function openGeneratorParts(setup: VectorSetup, session: SessionOptions = {}): Promise<GeneratorParts> {
  const { generator, layer, output, config } = setup;
  const prefixModel = cut(generator, [layer.tensor, output]);
  const suffixModel = inject(generator, layer.tensor);
  const known = knownShapes(setup.analysis);
  const memory = { prefix: graphMemory(prefixModel, known), suffix: graphMemory(suffixModel, known), ...(session.memoryBudgetGB !== undefined ? { budgetGB: session.memoryBudgetGB } : {}) };
  const prefix = await openSession(prefixModel, session);
  const suffix = await openSession(suffixModel, session);
  const inits = new Set(generator.graph!.initializer.map((t) => t.name));
  const allInputs = generator.graph!.input.map((i) => i.name).filter((n) => !inits.has(n));
  const plans: InputPlan[] = planGeneratorInputs(allInputs, '', setup.analysis.summary.inputs, config.generator, config.generator.model);
  const latentPlans = plans.filter((p) => p.kind !== 'noise');
  const noisePlans = plans.filter((p) => p.kind === 'noise');
  const perSeed = new Map<string, Record<string, HostTensor>>();
  const one = (seed: SampleSeed): Record<string, HostTensor> => {
    const key = seedKey(seed);
    let f = perSeed.get(key);
    if (!f) {
      const latent = typeof seed === 'number' ? seed : seed.latent;
      const noise = typeof seed === 'number' ? seed : seed.noise;
      f = {
        ...generatorFeeds(latentPlans, 1, new SeededRandom(latent), config.generator.noise.mode),
        ...generatorFeeds(noisePlans, 1, new SeededRandom(deriveSeed(noise, 'noise')), config.generator.noise.mode),
      };
      // Noise maps make a seed's feeds large (StyleGAN2-256: ~0.7 MB): keep only what a few batches reuse.
      if (perSeed.size > 256) perSeed.clear();
      perSeed.set(key, f);
    }
    return f;
  };
  const feeds = (s: RunnableSession, seeds: readonly SampleSeed[]): Record<string, HostTensor> => {
    const out: Record<string, HostTensor> = {};
    const rows = seeds.map(one);
    for (const name of s.inputNames) {
      if (name === layer.tensor) continue;
      out[name] = concatBatch(rows.map((r) => r[name]!));
    }
    return out;
  };
  const [lo, hi] = setup.range;
  return {
    setup,
    prefix,
    suffix,
    memory,
    feeds,
    async generate(seeds) {
      const r = await prefix.run(feeds(prefix, seeds), [layer.tensor, output]);
      return { layerX: r[layer.tensor]!, images: toUnitRange(r[output]!, lo, hi) };
    },
    async render(layerX, seeds) {
      const [c, h, w] = setup.shape;
      const d = layerX.dims;
      if (d.length !== 4 || d[1] !== c || d[2] !== h || d[3] !== w || d[0] !== seeds.length) {
        throw badInput(`Activations for '${setup.layerName}' must be [${seeds.length}, ${c}, ${h}, ${w}], got ${formatShape(d)}.`, { tensor: layer.tensor, shape: d });
      }
      const r = await suffix.run({ ...feeds(suffix, seeds), [layer.tensor]: layerX }, [output]);
      return toUnitRange(r[output]!, lo, hi);
    },
  };
}

/** Concatenates tensors along the batch dimension. */
export function concatBatch(parts: readonly HostTensor[]): HostTensor {
  const first = parts[0]!;
  const per = first.data.length;
  const Ctor = first.data.constructor as new (n: number) => HostTensor['data'];
  const data = new Ctor(per * parts.length);
  parts.forEach((p, i) => (data as Float32Array).set(p.data as Float32Array, i * per));
  return { dtype: first.dtype, dims: [parts.length, ...first.dims.slice(1)], data };
}

/** Linear map of the generator's output range to [0, 1] (not clamped: encoders clamp). */
export function toUnitRange(t: HostTensor, lo: number, hi: number): HostTensor {
  const src = t.data as Float32Array;
  const out = new Float32Array(src.length);
  const inv = 1 / (hi - lo);
  for (let i = 0; i < src.length; i++) out[i] = (src[i]! - lo) * inv;
  return { dtype: 'float32', dims: [...t.dims], data: out };
}
