/** Paints one nucleus: an irregular ellipse of haematoxylin with chromatin grain, a darker rim and optional nucleolus. */
import type { TissueCanvas } from './canvas';
import { hash2, type Rng } from './rng';

export interface NucleusSpec {
  x: number;
  y: number;
  /** Mean radius in pixels. */
  r: number;
  /** Ratio of long to short axis (1 = round). */
  elong: number;
  angle: number;
  /** Outline wobble amplitude, 0 (smooth) .. 0.3 (pleomorphic). */
  irregular: number;
  /** Haematoxylin concentration of the nucleus. */
  dark: number;
  /** Chromatin contrast, 0 (flat) .. 1 (coarse clumps). */
  texture: number;
  nucleolus: boolean;
}

export function drawNucleus(c: TissueCanvas, rng: Rng, n: NucleusSpec): void {
  const s = c.size;
  const sq = Math.sqrt(n.elong);
  const a = n.r * sq;
  const b = n.r / sq;
  const ca = Math.cos(n.angle);
  const sa = Math.sin(n.angle);
  const a2 = n.irregular * rng.range(0.4, 1);
  const a3 = n.irregular * rng.range(0.2, 0.8);
  const p2 = rng.range(0, 6.3);
  const p3 = rng.range(0, 6.3);
  const nx = n.x + rng.range(-0.3, 0.3) * b;
  const ny = n.y + rng.range(-0.3, 0.3) * b;
  const reach = a * (1 + a2 + a3) + 1.5;
  const soft = Math.max(1.2, b);
  const x0 = Math.max(0, Math.floor(n.x - reach));
  const x1 = Math.min(s - 1, Math.ceil(n.x + reach));
  const y0 = Math.max(0, Math.floor(n.y - reach));
  const y1 = Math.min(s - 1, Math.ceil(n.y + reach));
  const salt = c.salt;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - n.x;
      const dy = y - n.y;
      const u = (dx * ca + dy * sa) / a;
      const v = (-dx * sa + dy * ca) / b;
      let d = Math.sqrt(u * u + v * v);
      if (n.irregular > 0 && d > 0.3) {
        const th = Math.atan2(v, u);
        d /= 1 + a2 * Math.cos(2 * th + p2) + a3 * Math.cos(3 * th + p3);
      }
      if (d >= 1 + 1 / soft) continue;
      const alpha = Math.min(1, Math.max(0, (1 - d) * soft + 0.5));
      const clump = hash2(x >> 1, y >> 1, salt) - 0.5;
      const fine = hash2(x, y, salt ^ 0x9e37) - 0.5;
      let val = n.dark * (1 + n.texture * (0.7 * clump + 0.4 * fine));
      if (d > 0.72) val += 0.25 * n.dark;
      if (n.nucleolus) {
        const ex = x - nx;
        const ey = y - ny;
        if (ex * ex + ey * ey < 0.8 + 0.1 * b * b) val += 0.9;
      }
      const i = y * s + x;
      const h = c.h[i]!;
      if (val > h) c.h[i] = h + alpha * (val - h);
      c.e[i] = c.e[i]! * (1 - 0.55 * alpha);
    }
  }
}
