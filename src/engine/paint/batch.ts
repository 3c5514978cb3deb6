/**
 * Exporting annotated data (the paper's use case): N painted images with label masks, in a layout segmentation
 * trainers read directly:
 *
 *   OUT/images/000000.png      generated image
 *   OUT/masks/000000.png       8-bit labels (palette labels; the palette's keepLabel, default 255 "ignore", elsewhere)
 *   OUT/masks_rgb/000000.png   the same mask in palette colours, for looking at
 *   OUT/unpainted/000000.png   with writeUnpainted: the same sample without painting
 *   OUT/palette.json           legend: label → name, colour, vector; ignore label
 *   OUT/README.md              the legend as a table
 *   OUT/manifest.json          per sample: files, seed, mask source (and, with a segmenter, its agreement)
 *   OUT/agreement.json         with a segmenter: per label, how much of the painted area it labels as painted
 *
 * Masks come from a folder of RGB PNGs (used in name order, cycled) or are drawn at random from shapes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, unstackImage } from '../runtime/image';
import { writeFileAtomic } from '../util/atomic';
import { badInput, cancelledError } from '../util/errors';
import { deriveSeed } from '../util/random';
import type { SampleSeed } from '../vectors/parts';
import { colorsOf, decodeRgb, encodeGrayPng, encodeRgbPng, indexMask, labelsOf, resizeIndex, type IndexMap } from './mask';
import { colorHex, paletteLegend, type Palette } from './palette';
import type { Painter } from './painter';
import { labelAgreement, summarizeAgreement, type AgreementSummary, type LabelAgreement } from './agreement';
import type { Segmenter } from './segmenter';
import { MASK_SHAPES, randomMask, type MaskShape } from './random-masks';

export interface PaintBatchOptions {
  palette: Palette;
  n: number;
  seed: number;
  /** Folder of RGB mask PNGs; random shapes when omitted. */
  masks?: string;
  shapes?: readonly MaskShape[];
  batchSize?: number;
  /** Judges every painted image (and the unpainted sample, as baseline). */
  segmenter?: Segmenter;
  /** Also write each sample unpainted (OUT/unpainted/), for before/after comparisons. */
  writeUnpainted?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface BatchSample {
  id: string;
  image: string;
  mask: string;
  maskRgb: string;
  seed: SampleSeed;
  maskSource: string;
  /** Output pixels per label. */
  pixels: Record<string, number>;
  agreement?: LabelAgreement[];
}

export interface PaintBatchResult {
  samples: BatchSample[];
  msPerImage: number;
  agreement?: AgreementSummary[];
}

function maskFiles(folder: string): string[] {
  if (!existsSync(folder)) throw badInput(`Mask folder ${folder} does not exist.`, { file: folder });
  const files = readdirSync(folder).filter((f) => /\.png$/i.test(f)).sort();
  if (files.length === 0) throw badInput(`Mask folder ${folder} holds no PNG files.`, { file: folder, hint: 'Masks are RGB PNGs painted in the palette colours.' });
  return files.map((f) => join(folder, f));
}

export async function paintBatch(painter: Painter, outDir: string, o: PaintBatchOptions): Promise<PaintBatchResult> {
  if (o.palette.entries.length === 0 && !o.masks) throw badInput('The palette has no colours to paint with.', { hint: 'Add entries to "colors".' });
  const files = o.masks ? maskFiles(o.masks) : [];
  const shapes = o.shapes?.length ? o.shapes : MASK_SHAPES;
  const vectors = o.palette.entries.map((e) => e.vector);
  const grids = o.palette.entries.map((e) => e.grid);
  const batch = Math.max(1, o.batchSize ?? 8);
  const samples: BatchSample[] = [];
  let paintMs = 0;
  for (let start = 0; start < o.n; start += batch) {
    if (o.signal?.aborted) throw cancelledError('Painting the batch');
    const idx = Array.from({ length: Math.min(batch, o.n - start) }, (_, i) => start + i);
    const rows: { mask: IndexMap; source: string; seed: number }[] = [];
    for (const i of idx) {
      const seed = deriveSeed(o.seed, 'image', i);
      if (files.length) {
        const f = files[i % files.length]!;
        rows.push({ mask: indexMask(await decodeRgb(f), o.palette, f), source: f, seed });
      } else {
        const shape = shapes[i % shapes.length]!;
        // Drawn at LayerX's resolution × 8: finer than the painted cells, quantised by the painter.
        const [, lh, lw] = painter.layerShape;
        rows.push({ mask: randomMask(lh * 8, lw * 8, o.palette.entries.length, shape, deriveSeed(o.seed, 'mask', i)), source: `random:${shape}`, seed });
      }
    }
    const r = await painter.paint(rows.map((row) => ({ mask: row.mask, vectors, grids, seed: row.seed })));
    paintMs += r.ms;
    const [, , H, W] = r.images.dims as [number, number, number, number];
    const masks = r.layerMasks.map((lm) => resizeIndex(lm, H, W));
    const labelMaps = masks.map((m) => labelsOf(m, o.palette));
    let agreement: LabelAgreement[][] | undefined;
    const unpainted = o.segmenter || o.writeUnpainted ? (await painter.parts.generate(rows.map((row) => row.seed))).images : undefined;
    if (o.segmenter) {
      const painted = await o.segmenter.segment(r.images);
      agreement = labelAgreement(painted, labelMaps, H, W, o.palette.keepLabel, await o.segmenter.segment(unpainted!));
    }
    for (const [b, i] of idx.entries()) {
      const id = String(i).padStart(6, '0');
      const m = masks[b]!;
      const labels = labelMaps[b]!;
      const s: BatchSample = {
        id,
        image: `images/${id}.png`,
        mask: `masks/${id}.png`,
        maskRgb: `masks_rgb/${id}.png`,
        seed: rows[b]!.seed,
        maskSource: rows[b]!.source,
        pixels: countLabels(labels),
        ...(agreement ? { agreement: agreement[b]! } : {}),
      };
      writeFileAtomic(join(outDir, s.image), await encodePng(unstackImage(r.images, b)));
      writeFileAtomic(join(outDir, s.mask), await encodeGrayPng(labels, H, W));
      writeFileAtomic(join(outDir, s.maskRgb), await encodeRgbPng(colorsOf(m, o.palette), H, W));
      if (o.writeUnpainted) writeFileAtomic(join(outDir, 'unpainted', `${id}.png`), await encodePng(unstackImage(unpainted!, b)));
      samples.push(s);
    }
    o.onProgress?.(samples.length, o.n);
  }
  const legend = paletteLegend(o.palette);
  writeFileAtomic(join(outDir, 'palette.json'), `${JSON.stringify(legend, null, 2)}\n`);
  writeFileAtomic(join(outDir, 'README.md'), legendMarkdown(o.palette, o.n));
  writeFileAtomic(join(outDir, 'manifest.json'), `${JSON.stringify({ n: o.n, seed: o.seed, samples }, null, 2)}\n`);
  const result: PaintBatchResult = { samples, msPerImage: paintMs / Math.max(1, o.n) };
  if (o.segmenter) {
    result.agreement = summarizeAgreement(samples.map((s) => s.agreement ?? []));
    writeFileAtomic(join(outDir, 'agreement.json'), `${JSON.stringify({ segmenterOutput: o.segmenter.output, ignoreLabel: o.palette.keepLabel, summary: result.agreement }, null, 2)}\n`);
  }
  return result;
}

function countLabels(labels: Uint8Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of labels) out[l] = (out[l] ?? 0) + 1;
  return out;
}

function legendMarkdown(p: Palette, n: number): string {
  const rows = p.entries.map((e) => `| ${e.label} | ${e.name} | \`${colorHex(e.rgb)}\` | ${e.vectorRef} |`);
  return [
    '# Painted segmentation data (GAN Lens)',
    '',
    `${n} generated images in \`images/\`, label masks (8-bit, one class per pixel) in \`masks/\` with the same file names,`,
    'colour versions in `masks_rgb/`. Labels:',
    '',
    '| Label | Class | Colour | Vector |',
    '|---|---|---|---|',
    ...rows,
    `| ${p.keepLabel} | not painted (generator's own content) — ignore when training | \`${colorHex(p.keep)}\` | — |`,
    '',
  ].join('\n');
}
