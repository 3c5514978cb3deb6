/** One synthetic stained-tissue tile with its per-pixel labels, fully determined by (seed, index, size). */
import { blur121, createCanvas, type TissueCanvas } from './canvas';
import { paintFatMembranes } from './fat';
import { paintStroma } from './fibres';
import { glandNucleusSites } from './glands';
import { LABEL_BACKGROUND, LABEL_EPITHELIUM, LABEL_TUMOUR } from './labels';
import { composeLayout, type TileKind } from './layout';
import { drawNucleus } from './nuclei';
import { Rng, tileSeed } from './rng';
import { pickStain, stainToRgb } from './stain';
import { tumourNucleusSites } from './tumour';
import { badInput } from '../util/errors';

export interface DemoTile {
  size: number;
  /** Height×width×3 RGB bytes, row-major. */
  rgb: Uint8Array;
  /** Height×width class per pixel: 0 background/lumen/fat, 1 stroma, 2 normal epithelium, 3 tumour. */
  labels: Uint8Array;
  kind: TileKind;
  stain: string;
}

export const DEFAULT_TILE_SIZE = 128;

export function generateTile(seed: number, index: number, size = DEFAULT_TILE_SIZE): DemoTile {
  if (!Number.isInteger(size) || size < 16 || size > 2048) {
    throw badInput(`Tile size ${size} is out of range.`, { hint: 'Use an integer size between 16 and 2048 (the demo models use 128).' });
  }
  const rng = new Rng(tileSeed(seed, index));
  const c = createCanvas(size, rng.u32() | 0);
  const layout = composeLayout(rng, c);
  const stain = pickStain(rng);
  paintCytoplasm(rng, c);
  paintStroma(rng, c);
  paintFatMembranes(c);
  const k = size / 128;
  const glandR = rng.range(1.9, 2.5) * k;
  for (const g of layout.glands) {
    for (const site of glandNucleusSites(g, glandR)) {
      const xi = Math.min(size - 1, Math.max(0, Math.round(site.x)));
      const yi = Math.min(size - 1, Math.max(0, Math.round(site.y)));
      if (c.labels[yi * size + xi] !== LABEL_EPITHELIUM) continue;
      drawNucleus(c, rng, {
        x: site.x, y: site.y, r: glandR * rng.range(0.9, 1.1), elong: rng.range(1.3, 1.8), angle: site.angle,
        irregular: 0.04, dark: rng.range(1.2, 1.55), texture: 0.35, nucleolus: false,
      });
    }
  }
  if (layout.nests.length > 0) {
    const spacing = rng.range(6.5, 8.5) * k;
    const rMean = rng.range(2.8, 3.8) * k;
    for (const site of tumourNucleusSites(rng, c, spacing)) {
      const mitosis = rng.chance(0.03);
      drawNucleus(c, rng, {
        x: site.x, y: site.y, r: mitosis ? 1.8 * k : rMean * rng.range(0.75, 1.3), elong: rng.range(1, 1.6), angle: rng.range(0, Math.PI),
        irregular: mitosis ? 0.35 : rng.range(0.12, 0.3), dark: mitosis ? 3.2 : rng.range(1.8, 2.5), texture: 0.85,
        nucleolus: !mitosis && rng.chance(0.45),
      });
    }
  }
  blur121(c.h, size);
  blur121(c.e, size);
  return { size, rgb: stainToRgb(c, stain), labels: c.labels, kind: layout.kind, stain: stain.name };
}

/** Cytoplasm and lumen fill by class; stroma is painted separately. */
function paintCytoplasm(rng: Rng, c: TissueCanvas): void {
  const epiE = rng.range(0.5, 0.68);
  const epiH = rng.range(0.06, 0.14);
  const tumE = rng.range(0.36, 0.5);
  const tumH = rng.range(0.22, 0.36);
  const lumen = rng.range(0, 0.06);
  for (let i = 0; i < c.labels.length; i++) {
    const l = c.labels[i];
    if (l === LABEL_EPITHELIUM) {
      c.e[i] = epiE;
      c.h[i] = epiH;
    } else if (l === LABEL_TUMOUR) {
      c.e[i] = tumE;
      c.h[i] = tumH;
    } else if (l === LABEL_BACKGROUND) {
      c.e[i] = lumen;
    }
  }
}
