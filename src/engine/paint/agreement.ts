/**
 * Does a segmentation network see what was painted? Per painted label: the share of its pixels that the network
 * labels as that class, on the painted image and (baseline) on the same sample unpainted.
 */
import { resizeNearest } from '../vectors/grid';
import type { Segmentation } from './segmenter';

export interface LabelAgreement {
  label: number;
  pixels: number;
  /** Share of the painted pixels the network labels `label` in the painted image. */
  agreement: number;
  /** The same share in the unpainted sample (what was there before painting). */
  baseline?: number;
}

/** labels[b]: the painted label mask of sample b at H×W (any size; resized to the segmentation's size). */
export function labelAgreement(seg: Segmentation, labels: readonly Uint8Array[], H: number, W: number, ignore: number, base?: Segmentation): LabelAgreement[][] {
  return labels.map((lab, b) => {
    const m = H === seg.h && W === seg.w ? lab : resizeNearest(lab, H, W, seg.h, seg.w);
    const plane = seg.h * seg.w;
    const stats = new Map<number, { pixels: number; hit: number; baseHit: number }>();
    for (let p = 0; p < plane; p++) {
      const l = m[p]!;
      if (l === ignore) continue;
      const s = stats.get(l) ?? { pixels: 0, hit: 0, baseHit: 0 };
      s.pixels++;
      if (seg.labels[b * plane + p] === l) s.hit++;
      if (base && base.labels[b * plane + p] === l) s.baseHit++;
      stats.set(l, s);
    }
    return [...stats.entries()]
      .sort((a, z) => a[0] - z[0])
      .map(([label, s]) => ({ label, pixels: s.pixels, agreement: s.hit / s.pixels, ...(base ? { baseline: s.baseHit / s.pixels } : {}) }));
  });
}

export interface AgreementSummary {
  label: number;
  samples: number;
  /** Mean per-sample agreement. */
  meanAgreement: number;
  /** Samples where the network labels the majority (> 50 %) of the painted region as the painted class. */
  majority: number;
  meanBaseline?: number;
  majorityBaseline?: number;
}

export function summarizeAgreement(all: readonly LabelAgreement[][]): AgreementSummary[] {
  const by = new Map<number, LabelAgreement[]>();
  for (const sample of all) for (const a of sample) by.set(a.label, [...(by.get(a.label) ?? []), a]);
  return [...by.entries()]
    .sort((a, z) => a[0] - z[0])
    .map(([label, xs]) => {
      const mean = (f: (a: LabelAgreement) => number): number => xs.reduce((s, a) => s + f(a), 0) / xs.length;
      const hasBase = xs.every((a) => a.baseline !== undefined);
      return {
        label,
        samples: xs.length,
        meanAgreement: mean((a) => a.agreement),
        majority: xs.filter((a) => a.agreement > 0.5).length,
        ...(hasBase ? { meanBaseline: mean((a) => a.baseline!), majorityBaseline: xs.filter((a) => a.baseline! > 0.5).length } : {}),
      };
    });
}
