/**
 * Interpolation in the space of the inverted layer (the paper's supplementary Figs. 7–9): G2((1 − α)·a + α·b) for
 * α from 0 to 1, where a and b are layer values: G1(z*) and h* of one image (the representation gap), h* of two
 * images, or h* and G1(z) of a random z. Every intermediate image lies outside G1(Z) and so cannot be generated from
 * the latent space.
 */
import type { SessionOptions } from '../runtime/session';
import type { HostTensor } from '../onnx/tensor';
import { unstackImage } from '../runtime/image';
import { badInput, formatShape } from '../util/errors';
import { linearPath, renderLayer, sampleGenerated } from './generate';
import { batchRow } from './feeds';
import type { InversionSetup } from './setup';

export interface InterpolationOptions {
  steps: number;
  /** Seed and image index whose non-latent generator inputs (noise, class) are used. */
  seed?: number;
  index?: number;
  session?: SessionOptions;
}

/** K images G2((1 − α)·a + α·b), α = 0 … 1, each [3, H, W]. */
export async function interpolateLayer(setup: InversionSetup, a: HostTensor, b: HostTensor, o: InterpolationOptions): Promise<HostTensor[]> {
  const want = [1, ...setup.layerShape];
  for (const [name, t] of [['from', a], ['to', b]] as const) {
    if (t.data.length !== setup.layerShape.reduce((x, y) => x * y, 1)) {
      throw badInput(`The '${name}' layer value has shape ${formatShape(t.dims)}; layer '${setup.layerName}' needs ${formatShape(want)}.`, {
        tensor: setup.split.layer,
        shape: t.dims,
        hint: 'Pass h.npy / h0.npy of an inversion made at this layer (--layer must match).',
      });
    }
  }
  if (!Number.isInteger(o.steps) || o.steps < 2) throw badInput(`--steps ${o.steps} must be an integer ≥ 2.`);
  const path = linearPath({ ...a, dims: want }, { ...b, dims: want }, o.steps);
  const images = await renderLayer(setup, path, o.seed ?? 0, o.index ?? 0, o.session);
  return Array.from({ length: o.steps }, (_, k) => unstackImage(images, k));
}

/** G1(z) for `count` random latents (seed `seed`): endpoints for the random interpolation. */
export async function randomLayerValues(setup: InversionSetup, count: number, seed: number, session?: SessionOptions): Promise<HostTensor[]> {
  const s = await sampleGenerated(setup, Array.from({ length: count }, (_, i) => i), seed, session);
  return Array.from({ length: count }, (_, i) => batchRow(s.h, i));
}
