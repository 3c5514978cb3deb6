/** Scores of a clustering against true labels: adjusted Rand index, best-match IoU and majority-vote IoU. */

function contingency(a: ArrayLike<number>, b: ArrayLike<number>): { table: Map<number, Map<number, number>>; rows: Map<number, number>; cols: Map<number, number>; n: number } {
  if (a.length !== b.length) throw new Error(`labelings differ in length (${a.length} and ${b.length})`);
  const table = new Map<number, Map<number, number>>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    let r = table.get(x);
    if (!r) table.set(x, (r = new Map()));
    r.set(y, (r.get(y) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    cols.set(y, (cols.get(y) ?? 0) + 1);
  }
  return { table, rows, cols, n: a.length };
}

const pairs = (k: number): number => (k * (k - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie 1985): (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E) with
 * E = Σ C(a_i,2)·Σ C(b_j,2) / C(n,2). 1 for identical partitions, about 0 for independent ones.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { table, rows, cols, n } = contingency(a, b);
  let index = 0;
  for (const r of table.values()) for (const v of r.values()) index += pairs(v);
  let sa = 0;
  for (const v of rows.values()) sa += pairs(v);
  let sb = 0;
  for (const v of cols.values()) sb += pairs(v);
  const expected = (sa * sb) / pairs(n);
  const max = (sa + sb) / 2;
  if (max === expected) return 1; // both partitions trivial (one cluster each, or all singletons)
  return (index - expected) / (max - expected);
}

/** For each true class present: the best IoU any single cluster reaches with it; the mean over classes. */
export function bestMatchIoU(clusters: ArrayLike<number>, truth: ArrayLike<number>): { mean: number; perClass: Record<number, number> } {
  const { table, rows, cols } = contingency(clusters, truth);
  const perClass: Record<number, number> = {};
  for (const [cls, size] of cols) {
    let best = 0;
    for (const [c, r] of table) {
      const inter = r.get(cls) ?? 0;
      if (inter) best = Math.max(best, inter / (rows.get(c)! + size - inter));
    }
    perClass[cls] = best;
  }
  const v = Object.values(perClass);
  return { mean: v.reduce((s, x) => s + x, 0) / v.length, perClass };
}

/** Each cluster labelled with its majority class, then the mean IoU over true classes (over-segmentation is free). */
export function majorityIoU(clusters: ArrayLike<number>, truth: ArrayLike<number>): number {
  const { table, cols } = contingency(clusters, truth);
  const assign = new Map<number, number>();
  for (const [c, r] of table) {
    let best = -1;
    let bestCount = -1;
    for (const [cls, k] of r) if (k > bestCount || (k === bestCount && cls < best)) [best, bestCount] = [cls, k];
    assign.set(c, best);
  }
  const inter = new Map<number, number>();
  const predicted = new Map<number, number>();
  for (const [c, r] of table) {
    const cls = assign.get(c)!;
    let size = 0;
    for (const k of r.values()) size += k;
    predicted.set(cls, (predicted.get(cls) ?? 0) + size);
    inter.set(cls, (inter.get(cls) ?? 0) + (r.get(cls) ?? 0));
  }
  let sum = 0;
  for (const [cls, size] of cols) {
    const i = inter.get(cls) ?? 0;
    sum += i / (size + (predicted.get(cls) ?? 0) - i);
  }
  return sum / cols.size;
}
