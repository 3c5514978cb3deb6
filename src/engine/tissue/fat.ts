/** Empty space: the slide glass beyond a tissue edge, and adipose tissue (fat cells with thin membranes). */
import type { TissueCanvas } from './canvas';
import type { Rng } from './rng';
import { LABEL_BACKGROUND } from './labels';

/** A wavy tissue edge; everything on its far side is glass (background). */
export function placeEdge(rng: Rng, c: TissueCanvas): void {
  const s = c.size;
  const th = rng.range(0, 2 * Math.PI);
  const nx = Math.cos(th);
  const ny = Math.sin(th);
  const offset = rng.range(0.12, 0.4) * s;
  const amp = rng.range(2, 7) * (s / 128);
  const freq = rng.range(1, 3) * (2 * Math.PI) / s;
  const phase = rng.range(0, 2 * Math.PI);
  const half = s / 2;
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const u = (x - half) * nx + (y - half) * ny;
      const v = -(x - half) * ny + (y - half) * nx;
      if (u + amp * Math.sin(v * freq + phase) > half - offset) c.labels[y * s + x] = LABEL_BACKGROUND;
    }
  }
}

export interface FatRegion {
  cx: number;
  cy: number;
  r: number;
  /** Voronoi sites of the fat cells. */
  sites: Float32Array;
}

const fatRegions = new WeakMap<TissueCanvas, FatRegion[]>();

/** A round cluster of fat cells; labels its pixels background and remembers the cells for painting membranes. */
export function placeFat(rng: Rng, c: TissueCanvas): void {
  const s = c.size;
  const k = s / 128;
  const r = rng.range(18, 40) * k;
  const cx = rng.range(0, s);
  const cy = rng.range(0, s);
  const cell = rng.range(9, 14) * k;
  const count = Math.max(3, Math.round((Math.PI * (r + cell) * (r + cell)) / (cell * cell)));
  const sites = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const a = rng.range(0, 2 * Math.PI);
    const d = Math.sqrt(rng.next()) * (r + cell);
    sites[2 * i] = cx + d * Math.cos(a);
    sites[2 * i + 1] = cy + d * Math.sin(a);
  }
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(s - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(s - 1, Math.ceil(cy + r));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const wobble = 1 + 0.12 * Math.sin(Math.atan2(dy, dx) * 3 + cx);
      if (dx * dx + dy * dy <= r * r * wobble * wobble) c.labels[y * s + x] = LABEL_BACKGROUND;
    }
  }
  const list = fatRegions.get(c) ?? [];
  list.push({ cx, cy, r, sites });
  fatRegions.set(c, list);
}

/** Paints thin eosin membranes between neighbouring fat cells, only where the label is still background. */
export function paintFatMembranes(c: TissueCanvas): void {
  const s = c.size;
  for (const f of fatRegions.get(c) ?? []) {
    const n = f.sites.length / 2;
    const x0 = Math.max(0, Math.floor(f.cx - f.r - 2));
    const x1 = Math.min(s - 1, Math.ceil(f.cx + f.r + 2));
    const y0 = Math.max(0, Math.floor(f.cy - f.r - 2));
    const y1 = Math.min(s - 1, Math.ceil(f.cy + f.r + 2));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = y * s + x;
        if (c.labels[i] !== LABEL_BACKGROUND) continue;
        let d1 = Infinity;
        let d2 = Infinity;
        for (let j = 0; j < n; j++) {
          const dx = x - f.sites[2 * j]!;
          const dy = y - f.sites[2 * j + 1]!;
          const d = dx * dx + dy * dy;
          if (d < d1) {
            d2 = d1;
            d1 = d;
          } else if (d < d2) d2 = d;
        }
        const gap = Math.sqrt(d2) - Math.sqrt(d1);
        if (gap < 1.2) c.e[i]! += 0.55 * (1.2 - gap);
      }
    }
  }
}
