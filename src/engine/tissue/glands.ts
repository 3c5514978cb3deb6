/** Glands: an empty lumen lined by a ring of normal epithelium, nuclei sitting at the ring's outer (basal) side. */
import type { TissueCanvas } from './canvas';
import type { Rng } from './rng';
import { LABEL_BACKGROUND, LABEL_EPITHELIUM } from './labels';

export interface Gland {
  cx: number;
  cy: number;
  /** Outer semi-axes and rotation. */
  a: number;
  b: number;
  angle: number;
  /** Epithelium thickness in pixels. */
  thickness: number;
  /** Lobe wobble of the outline. */
  wobble: number;
  phase: number;
}

function outline(g: Gland, theta: number): number {
  return 1 + g.wobble * Math.sin(3 * theta + g.phase) + 0.5 * g.wobble * Math.sin(5 * theta - g.phase);
}

export function placeGlands(rng: Rng, c: TissueCanvas, count: number): Gland[] {
  const s = c.size;
  const k = s / 128;
  const glands: Gland[] = [];
  for (let n = 0; n < count; n++) {
    const a = rng.range(18, 36) * k;
    const g: Gland = {
      cx: rng.range(0.1, 0.9) * s,
      cy: rng.range(0.1, 0.9) * s,
      a,
      b: a * rng.range(0.55, 1),
      angle: rng.range(0, Math.PI),
      thickness: rng.range(7, 11) * k,
      wobble: rng.range(0, 0.08),
      phase: rng.range(0, 2 * Math.PI),
    };
    paintGland(c, g);
    glands.push(g);
  }
  return glands;
}

function paintGland(c: TissueCanvas, g: Gland): void {
  const s = c.size;
  const ca = Math.cos(g.angle);
  const sa = Math.sin(g.angle);
  const reach = g.a * 1.15 + 1;
  const inner = 1 - g.thickness / g.b;
  const lo = 1 - 1.5 * g.wobble;
  const hi = 1 + 1.5 * g.wobble;
  for (let y = Math.max(0, Math.floor(g.cy - reach)); y <= Math.min(s - 1, Math.ceil(g.cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(g.cx - reach)); x <= Math.min(s - 1, Math.ceil(g.cx + reach)); x++) {
      const dx = x - g.cx;
      const dy = y - g.cy;
      const u = (dx * ca + dy * sa) / g.a;
      const v = (-dx * sa + dy * ca) / g.b;
      const r0 = Math.sqrt(u * u + v * v);
      if (r0 > hi) continue;
      // The outline factor lies in [lo, hi]; only pixels whose class depends on it need the angle.
      let rho: number;
      if (r0 <= inner * lo) rho = 0;
      else if (r0 > inner * hi && r0 <= lo) rho = 1;
      else rho = r0 / outline(g, Math.atan2(v, u));
      if (rho <= inner) c.labels[y * s + x] = LABEL_BACKGROUND;
      else if (rho <= 1) c.labels[y * s + x] = LABEL_EPITHELIUM;
    }
  }
}

/** Nucleus centres along the ring, one every ~(2r+1) pixels of circumference, at the basal third. */
export function glandNucleusSites(g: Gland, radius: number): Array<{ x: number; y: number; angle: number }> {
  const ca = Math.cos(g.angle);
  const sa = Math.sin(g.angle);
  const rho = 1 - (0.35 * g.thickness) / g.b;
  const circumference = Math.PI * (g.a + g.b) * rho;
  const count = Math.max(6, Math.floor(circumference / (2 * radius + 1.2)));
  const out: Array<{ x: number; y: number; angle: number }> = [];
  for (let i = 0; i < count; i++) {
    const t = (2 * Math.PI * i) / count;
    const f = outline(g, t) * rho;
    const u = Math.cos(t) * g.a * f;
    const v = Math.sin(t) * g.b * f;
    // Nuclei in columnar epithelium are elongated along the radius.
    out.push({ x: g.cx + u * ca - v * sa, y: g.cy + u * sa + v * ca, angle: Math.atan2(u * sa + v * ca, u * ca - v * sa) });
  }
  return out;
}
