/**
 * Random painting masks from simple shapes, for exporting annotated data without hand-drawn masks:
 * blobs (rotated ellipses), stripes (straight bands) and regions (a Voronoi partition). Palette indices, −1 = keep.
 */
import { SeededRandom } from '../util/random';
import type { IndexMap } from './mask';

export const MASK_SHAPES = ['blobs', 'stripes', 'regions'] as const;
export type MaskShape = (typeof MASK_SHAPES)[number];

export function randomMask(h: number, w: number, entries: number, shape: MaskShape, seed: number): IndexMap {
  const rng = new SeededRandom(seed);
  const data = new Int32Array(h * w).fill(-1);
  const s = Math.min(h, w);
  const pick = (): number => rng.int(entries);
  if (shape === 'blobs') {
    const count = 1 + rng.int(3);
    for (let k = 0; k < count; k++) {
      const cy = h * (0.15 + 0.7 * rng.next());
      const cx = w * (0.15 + 0.7 * rng.next());
      const ry = s * (0.12 + 0.23 * rng.next());
      const rx = s * (0.12 + 0.23 * rng.next());
      const a = Math.PI * rng.next();
      const cos = Math.cos(a);
      const sin = Math.sin(a);
      const e = pick();
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const dy = y + 0.5 - cy;
          const dx = x + 0.5 - cx;
          const u = (dx * cos + dy * sin) / rx;
          const v = (-dx * sin + dy * cos) / ry;
          if (u * u + v * v <= 1) data[y * w + x] = e;
        }
      }
    }
  } else if (shape === 'stripes') {
    const count = 1 + rng.int(2);
    for (let k = 0; k < count; k++) {
      const a = Math.PI * rng.next();
      const cy = h * (0.25 + 0.5 * rng.next());
      const cx = w * (0.25 + 0.5 * rng.next());
      const half = (s * (0.15 + 0.2 * rng.next())) / 2;
      const e = pick();
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) if (Math.abs((x + 0.5 - cx) * Math.sin(a) - (y + 0.5 - cy) * Math.cos(a)) <= half) data[y * w + x] = e;
      }
    }
  } else {
    const count = 3 + rng.int(3);
    const centres = Array.from({ length: count }, () => [h * rng.next(), w * rng.next()] as const);
    // Region 0 is always painted; the others are painted or kept at random.
    const label = centres.map((_, i) => (i === 0 || rng.next() < 0.5 ? pick() : -1));
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let best = 0;
        let bd = Infinity;
        centres.forEach(([cy, cx], i) => {
          const d = (y + 0.5 - cy) ** 2 + (x + 0.5 - cx) ** 2;
          if (d < bd) {
            bd = d;
            best = i;
          }
        });
        data[y * w + x] = label[best]!;
      }
    }
  }
  return { h, w, data };
}
