/** Tumour nests: irregular blobs of crowded, enlarged, dark, pleomorphic nuclei. */
import type { TissueCanvas } from './canvas';
import type { Rng } from './rng';
import { LABEL_TUMOUR } from './labels';

export interface TumourNest {
  cx: number;
  cy: number;
  r: number;
  /** Harmonic amplitudes and phases of the outline (k = 2..5). */
  amp: number[];
  phase: number[];
}

function outlineRadius(n: TumourNest, theta: number): number {
  let f = 1;
  for (let k = 0; k < n.amp.length; k++) f += n.amp[k]! * Math.cos((k + 2) * theta + n.phase[k]!);
  return n.r * f;
}

export function placeTumourNests(rng: Rng, c: TissueCanvas, count: number, large: boolean): TumourNest[] {
  const s = c.size;
  const k = s / 128;
  const nests: TumourNest[] = [];
  for (let i = 0; i < count; i++) {
    const nest: TumourNest = {
      cx: rng.range(0.05, 0.95) * s,
      cy: rng.range(0.05, 0.95) * s,
      r: (large ? rng.range(28, 52) : rng.range(16, 32)) * k,
      amp: [rng.range(0, 0.22), rng.range(0, 0.15), rng.range(0, 0.1), rng.range(0, 0.06)],
      phase: [rng.range(0, 6.3), rng.range(0, 6.3), rng.range(0, 6.3), rng.range(0, 6.3)],
    };
    const wobble = nest.amp.reduce((a, b) => a + b, 0);
    const reach = nest.r * (1 + wobble) + 1;
    // Inside the smallest possible outline radius no angle is needed; outside the largest nothing is painted.
    const inner2 = (nest.r * (1 - wobble)) ** 2;
    const outer2 = reach * reach;
    for (let y = Math.max(0, Math.floor(nest.cy - reach)); y <= Math.min(s - 1, Math.ceil(nest.cy + reach)); y++) {
      for (let x = Math.max(0, Math.floor(nest.cx - reach)); x <= Math.min(s - 1, Math.ceil(nest.cx + reach)); x++) {
        const dx = x - nest.cx;
        const dy = y - nest.cy;
        const d2 = dx * dx + dy * dy;
        if (d2 > outer2) continue;
        if (d2 > inner2) {
          const R = outlineRadius(nest, Math.atan2(dy, dx));
          if (d2 > R * R) continue;
        }
        c.labels[y * s + x] = LABEL_TUMOUR;
      }
    }
    nests.push(nest);
  }
  return nests;
}

/** Jittered grid of nucleus centres at tumour density (spacing ~6–8 px at 128²), kept where the label is tumour. */
export function tumourNucleusSites(rng: Rng, c: TissueCanvas, spacing: number): Array<{ x: number; y: number }> {
  const s = c.size;
  const out: Array<{ x: number; y: number }> = [];
  for (let gy = spacing / 2; gy < s; gy += spacing) {
    for (let gx = spacing / 2; gx < s; gx += spacing) {
      const x = gx + rng.range(-0.45, 0.45) * spacing;
      const y = gy + rng.range(-0.45, 0.45) * spacing;
      const xi = Math.min(s - 1, Math.max(0, Math.round(x)));
      const yi = Math.min(s - 1, Math.max(0, Math.round(y)));
      if (c.labels[yi * s + xi] === LABEL_TUMOUR) out.push({ x, y });
    }
  }
  return out;
}
