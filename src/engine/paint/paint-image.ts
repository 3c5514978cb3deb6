/** One painted mask → K images (variations) and the label mask aligned to them; what `gan-lens paint` writes. */
import { join } from 'node:path';
import { encodePng, unstackImage, type ImageTensor } from '../runtime/image';
import { writeFileAtomic } from '../util/atomic';
import type { SampleSeed } from '../vectors/parts';
import { colorsOf, encodeGrayPng, encodeRgbPng, labelsOf, resizeIndex, type IndexMap } from './mask';
import { paletteLegend, type Palette } from './palette';
import { noiseVariationSeeds, variationSeeds, type Painter, type VaryMode } from './painter';

export interface PaintImageOptions {
  palette: Palette;
  /** Palette indices at any resolution (−1 keep). */
  mask: IndexMap;
  seed: number;
  /** Seed of the noise inputs (default: `seed`): re-rolls the texture, keeping latents and mask. */
  noiseSeed?: number;
  variations?: number;
  vary?: VaryMode;
}

export interface PaintImageResult {
  images: ImageTensor[];
  seeds: SampleSeed[];
  /** The mask as painted (LayerX cells), nearest-resized to the output size. */
  outputMask: IndexMap;
  /** Label per output pixel (palette labels, keepLabel where kept). */
  labels: Uint8Array;
  ms: number;
}

export async function paintImage(painter: Painter, o: PaintImageOptions): Promise<PaintImageResult> {
  const seeds = o.noiseSeed === undefined ? variationSeeds(o.seed, o.variations ?? 1, o.vary ?? 'latent') : noiseVariationSeeds(o.seed, o.noiseSeed, o.variations ?? 1, o.vary ?? 'latent');
  const vectors = o.palette.entries.map((e) => e.vector);
  const grids = o.palette.entries.map((e) => e.grid);
  const r = await painter.paint(seeds.map((seed) => ({ mask: o.mask, vectors, grids, seed })));
  const [, , H, W] = r.images.dims as [number, number, number, number];
  const outputMask = resizeIndex(r.layerMasks[0]!, H, W);
  return {
    images: seeds.map((_, i) => copy(unstackImage(r.images, i))),
    seeds,
    outputMask,
    labels: labelsOf(outputMask, o.palette),
    ms: r.ms,
  };
}

function copy(t: ImageTensor): ImageTensor {
  return { dtype: 'float32', dims: [...t.dims], data: t.data.slice() };
}

/** image_<k>.png per variation, mask.png (labels), mask_rgb.png (palette colours), paint.json. */
export async function writePaintImage(outDir: string, r: PaintImageResult, palette: Palette, meta: Record<string, unknown> = {}): Promise<string[]> {
  const files: string[] = [];
  const { h, w } = r.outputMask;
  for (const [k, img] of r.images.entries()) {
    const f = join(outDir, `image_${k}.png`);
    writeFileAtomic(f, await encodePng(img));
    files.push(f);
  }
  writeFileAtomic(join(outDir, 'mask.png'), await encodeGrayPng(r.labels, h, w));
  writeFileAtomic(join(outDir, 'mask_rgb.png'), await encodeRgbPng(colorsOf(r.outputMask, palette), h, w));
  writeFileAtomic(
    join(outDir, 'paint.json'),
    `${JSON.stringify({ ...meta, images: files.map((f) => f.slice(outDir.length + 1)), seeds: r.seeds, mask: 'mask.png', maskRgb: 'mask_rgb.png', legend: paletteLegend(palette), msPerPaint: r.ms / r.images.length }, null, 2)}\n`,
  );
  return files;
}
