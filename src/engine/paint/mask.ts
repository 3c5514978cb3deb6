/**
 * RGB masks → palette indices (−1 = keep, i = palette entry i), and their nearest-neighbour resizes to LayerX and to
 * the output size. Colours match exactly, or to the nearest palette colour within a tolerance (anti-aliased edges).
 */
import sharp from 'sharp';
import { badInput, errorMessage } from '../util/errors';
import { resizeNearest } from '../vectors/grid';
import { colorHex, type Palette, type Rgb } from './palette';

/** Palette indices over an h×w grid: −1 keep, otherwise the palette entry. */
export interface IndexMap {
  h: number;
  w: number;
  data: Int32Array;
}

const TOLERANCE = 48;

export async function decodeRgb(input: string | Uint8Array, source = typeof input === 'string' ? input : '<mask>'): Promise<{ h: number; w: number; rgb: Uint8Array }> {
  const raw = await sharp(input)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((e: unknown) => {
      throw badInput(`Mask ${source} cannot be decoded: ${errorMessage(e)}.`, { file: source, hint: 'Use an RGB PNG (no JPEG: its compression blurs colours).' });
    });
  const { width: w, height: h, channels } = raw.info;
  const rgb = new Uint8Array(h * w * 3);
  for (let i = 0; i < h * w; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = raw.data[i * channels + Math.min(c, channels - 1)]!;
  return { h, w, rgb };
}

/** Maps each pixel's colour to the palette. */
export function indexMask(m: { h: number; w: number; rgb: Uint8Array }, palette: Palette, source = '<mask>'): IndexMap {
  const colours: Rgb[] = [palette.keep, ...palette.entries.map((e) => e.rgb)];
  const data = new Int32Array(m.h * m.w);
  const memo = new Map<number, number>();
  for (let p = 0; p < m.h * m.w; p++) {
    const r = m.rgb[p * 3]!;
    const g = m.rgb[p * 3 + 1]!;
    const b = m.rgb[p * 3 + 2]!;
    const key = (r << 16) | (g << 8) | b;
    let idx = memo.get(key);
    if (idx === undefined) {
      let best = -1;
      let bestD = Infinity;
      colours.forEach((c, i) => {
        const d = Math.max(Math.abs(c[0] - r), Math.abs(c[1] - g), Math.abs(c[2] - b));
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      });
      if (bestD > TOLERANCE) {
        throw badInput(`Mask ${source}: pixel (${Math.floor(p / m.w)}, ${p % m.w}) has colour ${colorHex([r, g, b])}, which is not in the palette.`, {
          file: source,
          hint: `Palette colours: keep ${colorHex(palette.keep)}, ${palette.entries.map((e) => `${e.name} ${colorHex(e.rgb)}`).join(', ')}. Paint with exactly these (no anti-aliasing).`,
        });
      }
      idx = best - 1;
      memo.set(key, idx);
    }
    data[p] = idx;
  }
  return { h: m.h, w: m.w, data };
}

export function resizeIndex(m: IndexMap, h: number, w: number): IndexMap {
  return m.h === h && m.w === w ? m : { h, w, data: resizeNearest(m.data, m.h, m.w, h, w) };
}

/** Label values per pixel (palette labels; keepLabel where kept). */
export function labelsOf(m: IndexMap, palette: Palette): Uint8Array {
  const out = new Uint8Array(m.data.length);
  for (let p = 0; p < out.length; p++) {
    const i = m.data[p]!;
    out[p] = i < 0 ? palette.keepLabel : palette.entries[i]!.label;
  }
  return out;
}

/** The mask as RGB bytes (keep colour where kept). */
export function colorsOf(m: IndexMap, palette: Palette): Uint8Array {
  const out = new Uint8Array(m.data.length * 3);
  for (let p = 0; p < m.data.length; p++) {
    const i = m.data[p]!;
    const c = i < 0 ? palette.keep : palette.entries[i]!.rgb;
    out.set(c, p * 3);
  }
  return out;
}

export function encodeGrayPng(data: Uint8Array, h: number, w: number): Promise<Buffer> {
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width: w, height: h, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

export function encodeRgbPng(data: Uint8Array, h: number, w: number): Promise<Buffer> {
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}
