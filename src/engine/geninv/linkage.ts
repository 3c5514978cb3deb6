/**
 * Average-linkage (UPGMA) agglomerative clustering in O(n²) time by the nearest-neighbour chain algorithm, with
 * Lance–Williams updates on a condensed (lower-triangle) copy of the dissimilarity, so n(n−1)/2 doubles of working
 * memory and the caller's matrix is left untouched.
 */

/** One merge: the two clusters are named by one of their leaves each; `height` is their average dissimilarity. */
export interface Merge {
  a: number;
  b: number;
  height: number;
}

/** Called every few merges with the count done so far (of n − 1); throw from it to stop (e.g. on cancel). */
export type LinkageTick = (merged: number, total: number) => void;

const condensedIndex = (i: number, j: number): number => (i > j ? (i * (i - 1)) / 2 + j : (j * (j - 1)) / 2 + i);

/** The lower triangle of a symmetric n × n row-major matrix, row by row. */
function condense(d: Float64Array, n: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) out[k++] = d[i * n + j]!;
  return out;
}

/**
 * The n − 1 merges of average linkage, sorted by height (ties keep the order they were made in, so a merge always
 * comes after the merges that built its two clusters). Heights are made monotone against float rounding.
 */
export function averageLinkage(d: Float64Array, n: number, tick?: LinkageTick): Merge[] {
  const dist = condense(d, n);
  const size = new Float64Array(n).fill(1);
  const height = new Float64Array(n);
  // Active cluster rows in a dense list with swap-removal; pos[row] is the row's place in that list.
  const active = Int32Array.from({ length: n }, (_, i) => i);
  const pos = Int32Array.from({ length: n }, (_, i) => i);
  let alive = n;
  const chain = new Int32Array(n);
  let len = 0;
  const merges: Merge[] = [];
  const every = Math.max(1, Math.floor(n / 100));
  while (alive > 1) {
    if (len === 0) chain[len++] = active[0]!;
    const a = chain[len - 1]!;
    const prev = len > 1 ? chain[len - 2]! : -1;
    // Preferring the previous chain element on ties guarantees the chain ends in a reciprocal pair.
    let best = prev;
    let bestD = prev >= 0 ? dist[condensedIndex(a, prev)]! : Infinity;
    for (let t = 0; t < alive; t++) {
      const x = active[t]!;
      if (x === a) continue;
      const v = dist[condensedIndex(a, x)]!;
      if (v < bestD) {
        bestD = v;
        best = x;
      }
    }
    if (best !== prev) {
      chain[len++] = best;
      continue;
    }
    len -= 2;
    const keep = prev;
    const na = size[a]!;
    const nb = size[keep]!;
    for (let t = 0; t < alive; t++) {
      const x = active[t]!;
      if (x === a || x === keep) continue;
      const ik = condensedIndex(keep, x);
      dist[ik] = (na * dist[condensedIndex(a, x)]! + nb * dist[ik]!) / (na + nb);
    }
    const h = Math.max(bestD, height[a]!, height[keep]!);
    merges.push({ a: keep, b: a, height: h });
    size[keep] = na + nb;
    height[keep] = h;
    const last = active[--alive]!;
    active[pos[a]!] = last;
    pos[last] = pos[a]!;
    if (tick && (merges.length % every === 0 || alive === 1)) tick(merges.length, n - 1);
  }
  return merges.sort((x, y) => x.height - y.height);
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

/**
 * The k clusters left after the n − k lowest merges (the tree cut at k clusters). Labels are 0..k−1, numbered by
 * cluster size, largest first; equal sizes by their smallest member.
 */
export function cutTree(merges: readonly Merge[], n: number, k: number): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  for (let m = 0; m < n - k; m++) {
    const { a, b } = merges[m]!;
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra < rb) parent[rb] = ra;
    else parent[ra] = rb;
  }
  // After union by smaller root, each root is its cluster's smallest member.
  const count = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(parent, i);
    count.set(r, (count.get(r) ?? 0) + 1);
  }
  const order = [...count].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const labelOf = new Map(order.map(([root], label) => [root, label]));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = labelOf.get(find(parent, i))!;
  return labels;
}
