/**
 * H&E-like staining: per-pixel stain concentrations become RGB through Beer–Lambert absorption,
 * rgb = 255·exp(−(H·od_H + E·od_E + od_glass)). Two styles: a crisp pink/purple and a warmer salmon/blue lab.
 */
import { hash2, type Rng } from './rng';
import type { TissueCanvas } from './canvas';

type Rgb = readonly [number, number, number];

export interface StainStyle {
  name: string;
  /** Optical density per unit haematoxylin, per R,G,B channel. */
  hematoxylin: Rgb;
  eosin: Rgb;
  /** Optical density of empty glass (slide tint). */
  glass: Rgb;
}

export const STAIN_STYLES: readonly StainStyle[] = [
  { name: 'he-classic', hematoxylin: [0.65, 0.7, 0.29], eosin: [0.07, 0.99, 0.11], glass: [0.02, 0.03, 0.02] },
  { name: 'he-warm', hematoxylin: [0.74, 0.62, 0.2], eosin: [0.04, 0.72, 0.5], glass: [0.03, 0.05, 0.08] },
];

/** One of the styles with per-tile jitter of stain strength and hue, as between slides of one lab. */
export function pickStain(rng: Rng): StainStyle {
  const base = STAIN_STYLES[rng.int(STAIN_STYLES.length)]!;
  const hs = rng.range(0.85, 1.15);
  const es = rng.range(0.8, 1.2);
  const hue = rng.range(-0.06, 0.06);
  const g = rng.range(0.5, 1.5);
  return {
    name: base.name,
    hematoxylin: [base.hematoxylin[0] * hs + hue, base.hematoxylin[1] * hs, base.hematoxylin[2] * hs - hue],
    eosin: [base.eosin[0] * es, base.eosin[1] * es, base.eosin[2] * es + hue],
    glass: [base.glass[0] * g, base.glass[1] * g, base.glass[2] * g],
  };
}

export function stainToRgb(c: TissueCanvas, style: StainStyle): Uint8Array {
  const n = c.size * c.size;
  const rgb = new Uint8Array(n * 3);
  const [hr, hg, hb] = style.hematoxylin;
  const [er, eg, eb] = style.eosin;
  const [gr, gg, gb] = style.glass;
  const s = c.size;
  for (let i = 0; i < n; i++) {
    const h = c.h[i]!;
    const e = c.e[i]!;
    const grain = 0.06 * (hash2(i % s, (i / s) | 0, c.salt ^ 0x51ed) - 0.5);
    rgb[3 * i] = toByte(h * hr + e * er + gr + grain);
    rgb[3 * i + 1] = toByte(h * hg + e * eg + gg + grain);
    rgb[3 * i + 2] = toByte(h * hb + e * eb + gb + grain);
  }
  return rgb;
}

function toByte(od: number): number {
  const v = 255 * Math.exp(-(od > 0 ? od : 0));
  return v > 255 ? 255 : v + 0.5;
}
