/** Stroma: eosin ground with wavy collagen fibres following a smooth orientation field, fibroblasts and lymphocytes. */
import { valueNoise, type TissueCanvas } from './canvas';
import type { Rng } from './rng';
import { LABEL_STROMA } from './labels';
import { drawNucleus } from './nuclei';

export function paintStroma(rng: Rng, c: TissueCanvas): void {
  const s = c.size;
  const k = s / 128;
  const next = (): number => rng.next();
  const density = valueNoise(next, s, 3);
  const flow = valueNoise(next, s, 2);
  const base = rng.range(0.22, 0.34);
  for (let i = 0; i < s * s; i++) {
    if (c.labels[i] !== LABEL_STROMA) continue;
    c.e[i] = base + 0.2 * density[i]!;
    c.h[i] = 0.03;
  }
  const theta0 = rng.range(0, Math.PI);
  const bend = rng.range(0.8, 2.5);
  const strokes = Math.round(rng.range(45, 90) * k * k);
  for (let f = 0; f < strokes; f++) {
    let x = rng.range(0, s);
    let y = rng.range(0, s);
    const steps = Math.round(rng.range(18, 60) * k);
    const weight = rng.range(0.18, 0.42);
    const wave = rng.range(0, 0.4);
    const dir = rng.chance(0.5) ? 1 : -1;
    for (let t = 0; t < steps; t++) {
      const xi = x | 0;
      const yi = y | 0;
      if (xi < 0 || yi < 0 || xi >= s || yi >= s) break;
      const i = yi * s + xi;
      if (c.labels[i] === LABEL_STROMA) {
        c.e[i]! += weight;
        if (xi + 1 < s && c.labels[i + 1] === LABEL_STROMA) c.e[i + 1]! += 0.35 * weight;
      }
      const th = theta0 + bend * (flow[i]! - 0.5) + wave * Math.sin(t * 0.5);
      x += dir * 0.8 * Math.cos(th);
      y += dir * 0.8 * Math.sin(th);
    }
  }
  const stromaNucleus = (x: number, y: number): boolean => {
    const xi = Math.min(s - 1, Math.max(0, Math.round(x)));
    const yi = Math.min(s - 1, Math.max(0, Math.round(y)));
    return c.labels[yi * s + xi] === LABEL_STROMA;
  };
  const fibroblasts = Math.round(rng.range(6, 20) * k * k);
  for (let n = 0; n < fibroblasts; n++) {
    const x = rng.range(0, s);
    const y = rng.range(0, s);
    if (!stromaNucleus(x, y)) continue;
    const i = (y | 0) * s + (x | 0);
    drawNucleus(c, rng, {
      x, y, r: rng.range(1.6, 2.3) * k, elong: rng.range(3, 5), angle: theta0 + bend * (flow[i]! - 0.5),
      irregular: 0.05, dark: rng.range(1.2, 1.6), texture: 0.2, nucleolus: false,
    });
  }
  const lymphocytes = Math.round(rng.range(0, 1) ** 2 * 30 * k * k);
  for (let n = 0; n < lymphocytes; n++) {
    const x = rng.range(0, s);
    const y = rng.range(0, s);
    if (!stromaNucleus(x, y)) continue;
    drawNucleus(c, rng, {
      x, y, r: rng.range(1.5, 2) * k, elong: 1.1, angle: 0, irregular: 0.03, dark: rng.range(2.2, 2.8), texture: 0.1, nucleolus: false,
    });
  }
}
