/**
 * Visualising activation vectors (paper §3.1): LayerX overridden by the vector, replicated over every position
 * (grid 0) or on the blue cells of a k×k checkerboard (grid k) with the white cells kept from a base sample; one
 * suffix forward per batch.
 */
import { unstackImage, type ImageTensor } from '../runtime/image';
import { cancelledError } from '../util/errors';
import { gridMask } from './grid';
import { emptyActivations, writeMasked } from './override';
import type { GeneratorParts } from './parts';

export interface VisualizeItem {
  vector: Float32Array;
  /** Latent seed of the base sample: its LayerX fills the white cells, its noise feeds the suffix. */
  baseSeed: number;
}

export interface VisualizeOptions {
  /** Grid sizes; 0 = replicate everywhere. Default [0, 2]. */
  grids?: number[];
  batchSize?: number;
  signal?: AbortSignal;
}

/** images[i][g]: item i under grid grids[g], [3, H, W] in [0, 1]. */
export async function visualizeVectors(parts: GeneratorParts, items: readonly VisualizeItem[], o: VisualizeOptions = {}): Promise<ImageTensor[][]> {
  const grids = o.grids ?? [0, 2];
  const [c, h, w] = parts.setup.shape;
  const masks = grids.map((k) => gridMask(h, w, k).data);
  const batch = Math.max(1, o.batchSize ?? 16);
  const out: ImageTensor[][] = items.map(() => []);
  // Rows: every (item, grid) pair in order; each chunk generates the base LayerX of the items it touches.
  const jobs = items.flatMap((_, i) => grids.map((_, g) => ({ i, g })));
  for (let s = 0; s < jobs.length; s += batch) {
    if (o.signal?.aborted) throw cancelledError('Visualisation');
    const chunk = jobs.slice(s, s + batch);
    const touched = [...new Set(chunk.map((j) => j.i))];
    const { layerX: bases } = await parts.generate(touched.map((i) => items[i]!.baseSeed));
    const x = emptyActivations(chunk.length, c, h, w);
    chunk.forEach(({ i, g }, b) => writeMasked(x, b, items[i]!.vector, masks[g]!, bases, touched.indexOf(i)));
    const images = await parts.render(x, chunk.map(({ i }) => items[i]!.baseSeed));
    chunk.forEach(({ i }, b) => out[i]!.push(copyImage(unstackImage(images, b))));
  }
  return out;
}

function copyImage(t: ImageTensor): ImageTensor {
  return { dtype: 'float32', dims: [...t.dims], data: t.data.slice() };
}
