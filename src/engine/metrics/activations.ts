/**
 * Similarity of activations, per image, as the paper's §3.4 defines it: pixel-wise cosine similarity over channels
 * (with ε in the denominator) averaged over H×W, L1 mean, and the cosine similarity of Gram matrices.
 */
import { badInput, formatShape } from '../util/errors';

const COSINE_EPS = 1e-8;

export interface ActivationMetrics {
  cosine: number;
  l1: number;
}

function check(a: Float32Array, b: Float32Array, dims: readonly number[]): void {
  if (a.length !== b.length) throw badInput(`Cannot compare activations of different sizes (${a.length} vs ${b.length}, shape ${formatShape(dims)}).`);
}

/** Per-image metrics for NCHW (or NC) activations `a` (reconstruction) and `b` (original). */
export function compareActivations(a: Float32Array, b: Float32Array, dims: readonly number[]): ActivationMetrics[] {
  check(a, b, dims);
  const [n, c] = [dims[0]!, dims[1]!];
  const plane = dims.slice(2).reduce((s, d) => s * d, 1);
  const out: ActivationMetrics[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * c * plane;
    let cosSum = 0;
    let l1 = 0;
    for (let p = 0; p < plane; p++) {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let ch = 0; ch < c; ch++) {
        const k = base + ch * plane + p;
        const x = a[k]!;
        const y = b[k]!;
        dot += x * y;
        na += x * x;
        nb += y * y;
        l1 += Math.abs(x - y);
      }
      cosSum += dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), COSINE_EPS);
    }
    out.push({ cosine: cosSum / plane, l1: l1 / (c * plane) });
  }
  return out;
}

/** Cosine similarity of the C×C Gram matrices (channel correlations over H×W) of each image. */
export function gramCosine(a: Float32Array, b: Float32Array, dims: readonly number[]): number[] {
  check(a, b, dims);
  const [n, c] = [dims[0]!, dims[1]!];
  const plane = dims.slice(2).reduce((s, d) => s * d, 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * c * plane;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let x = 0; x < c; x++) {
      for (let y = x; y < c; y++) {
        let ga = 0;
        let gb = 0;
        const ox = base + x * plane;
        const oy = base + y * plane;
        for (let p = 0; p < plane; p++) {
          ga += a[ox + p]! * a[oy + p]!;
          gb += b[ox + p]! * b[oy + p]!;
        }
        const w = x === y ? 1 : 2; // the Gram matrix is symmetric: count off-diagonal entries twice
        dot += w * ga * gb;
        na += w * ga * ga;
        nb += w * gb * gb;
      }
    }
    out.push(dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), COSINE_EPS));
  }
  return out;
}

export interface Summary {
  mean: number;
  std: number;
  min: number;
  max: number;
  n: number;
}

/** Mean ± (population) standard deviation, min and max. */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN, n: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return { mean, std, min: Math.min(...values), max: Math.max(...values), n };
}
