/**
 * Painting with activation vectors (paper §3.2): the mask, resized by nearest neighbour to LayerX, says where LayerX
 * takes a palette vector; elsewhere the base sample's own activations stay. A Painter keeps the generator's prefix
 * and suffix sessions open and caches each base sample's LayerX, so a repaint is one copy, one overwrite of the painted
 * cells and one suffix forward.
 *
 * A palette entry may paint on a grid (k ≥ 1): inside its region only the blue cells of the k×k checkerboard take
 * the vector, the white ones keep the base — the paper's grid visualisation used as a brush, for vectors that do not
 * tile (with a generator that has no noise after LayerX, a region filled with one vector comes out flat).
 */
import type { HostTensor } from '../onnx/tensor';
import { deriveSeed } from '../util/random';
import { badInput } from '../util/errors';
import { emptyActivations } from '../vectors/override';
import { seedKey, type GeneratorParts, type SampleSeed } from '../vectors/parts';
import { resizeIndex, type IndexMap } from './mask';
import { gridMask } from '../vectors/grid';

export interface PaintRow {
  /** Palette indices (−1 keep) at any resolution; resized to LayerX by nearest neighbour. */
  mask: IndexMap;
  /** Vector per palette index. */
  vectors: readonly Float32Array[];
  /** Grid size per palette index: 0 (or missing) fills the region, k ≥ 1 paints on a k×k checkerboard. */
  grids?: readonly number[];
  seed: SampleSeed;
}

export interface PaintOutput {
  /** [N, 3, H, W] in [0, 1]. */
  images: HostTensor;
  /** What the suffix was fed at LayerX, [N, C, h, w]. */
  layerX: HostTensor;
  /** The masks as applied, at LayerX's size. */
  layerMasks: IndexMap[];
  /** Wall time of the paint (overwrite + forward), ms. */
  ms: number;
}

const MAX_BASES = 512;

export class Painter {
  private readonly bases = new Map<string, Float32Array>();

  private constructor(readonly parts: GeneratorParts) {}

  static open(parts: GeneratorParts): Painter {
    return new Painter(parts);
  }

  get layerShape(): [number, number, number] {
    return this.parts.setup.shape;
  }

  /** Computes (once) the base LayerX of these samples. */
  async prepare(seeds: readonly SampleSeed[]): Promise<void> {
    const missing = [...new Map(seeds.filter((s) => !this.bases.has(seedKey(s))).map((s) => [seedKey(s), s])).values()];
    if (missing.length === 0) return;
    const { layerX } = await this.parts.generate(missing);
    const per = layerX.data.length / missing.length;
    if (this.bases.size + missing.length > MAX_BASES) this.bases.clear();
    missing.forEach((s, i) => this.bases.set(seedKey(s), (layerX.data as Float32Array).slice(i * per, (i + 1) * per)));
  }

  /** The base sample's LayerX [C, h, w] (prepared on demand). */
  async base(seed: SampleSeed): Promise<Float32Array> {
    await this.prepare([seed]);
    return this.bases.get(seedKey(seed))!;
  }

  async paint(rows: readonly PaintRow[]): Promise<PaintOutput> {
    await this.prepare(rows.map((r) => r.seed));
    const t0 = performance.now();
    const [c, h, w] = this.layerShape;
    const plane = h * w;
    const x = emptyActivations(rows.length, c, h, w);
    const dst = x.data as Float32Array;
    const layerMasks = rows.map((r, b) => {
      const m = resizeIndex(r.mask, h, w);
      const cells = (r.grids ?? []).map((k) => (k > 0 ? gridMask(h, w, k).data : undefined));
      dst.set(this.bases.get(seedKey(r.seed))!, b * c * plane);
      for (let p = 0; p < plane; p++) {
        const i = m.data[p]!;
        if (i < 0) continue;
        const cell = cells[i];
        if (cell && !cell[p]) continue;
        const v = r.vectors[i];
        if (!v) throw badInput(`The mask uses palette entry ${i}, but the palette has ${r.vectors.length}.`);
        for (let ch = 0; ch < c; ch++) dst[(b * c + ch) * plane + p] = v[ch]!;
      }
      return m;
    });
    const images = await this.parts.render(x, rows.map((r) => r.seed));
    return { images, layerX: x, layerMasks, ms: performance.now() - t0 };
  }
}

/** How variations differ: new latents (and noise), or the same latents with new noise. */
export type VaryMode = 'latent' | 'noise';

/**
 * Seeds of `k` variations of sample `seed` whose noise inputs are drawn from `noiseSeed` (the paint panel's noise
 * seed: the same latents and mask, a new texture). Variation 0 is {seed, noiseSeed}; the others vary as
 * variationSeeds does, their noise derived from `noiseSeed`. With noiseSeed = seed this is variationSeeds.
 */
export function noiseVariationSeeds(seed: number, noiseSeed: number, k: number, vary: VaryMode = 'latent'): SampleSeed[] {
  if (noiseSeed === seed) return variationSeeds(seed, k, vary);
  return Array.from({ length: Math.max(1, k) }, (_, i) => {
    if (i === 0) return { latent: seed, noise: noiseSeed };
    return vary === 'latent' ? deriveSeed(seed, 'variation', i) : { latent: seed, noise: deriveSeed(noiseSeed, 'variation', i) };
  });
}

/** Seeds of `k` variations of sample `seed`: variation 0 is the sample itself. */
export function variationSeeds(seed: number, k: number, vary: VaryMode = 'latent'): SampleSeed[] {
  return Array.from({ length: Math.max(1, k) }, (_, i) => {
    if (i === 0) return seed;
    const v = deriveSeed(seed, 'variation', i);
    return vary === 'latent' ? v : { latent: seed, noise: v };
  });
}
