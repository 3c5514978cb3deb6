import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agnes } from 'ml-hclust';
import { averageLinkage, cutTree } from './linkage';
import { clusterDissimilarity } from './cluster';
import { SeededRandom } from '../util/random';

function randomDissimilarity(n: number, seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  // Points in the plane give structured (not uniform) distances with clusters at several scales.
  const xy = Array.from({ length: n }, () => [rng.next() * 10 + (rng.next() < 0.5 ? 0 : 25), rng.next() * 10] as const);
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = Math.hypot(xy[i]![0] - xy[j]![0], xy[i]![1] - xy[j]![1]) + rng.next() * 1e-3;
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return d;
}

/** Partitions as sorted lists of sorted members, so two labelings compare equal when they group the same way. */
function partition(labels: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) groups.set(labels[i]!, [...(groups.get(labels[i]!) ?? []), i]);
  return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
}

/**
 * Average linkage straight from its definition: repeatedly merge the two clusters with the smallest mean pairwise
 * dissimilarity, recomputed from the original matrix every step (O(n³)); returns the partition at every k.
 */
function bruteForce(d: Float64Array, n: number): Map<number, number[][]> {
  let clusters = Array.from({ length: n }, (_, i) => [i]);
  const out = new Map<number, number[][]>([[n, clusters.map((c) => [...c])]]);
  while (clusters.length > 1) {
    let best = Infinity;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        let s = 0;
        for (const p of clusters[i]!) for (const q of clusters[j]!) s += d[p * n + q]!;
        const avg = s / (clusters[i]!.length * clusters[j]!.length);
        if (avg < best) [best, bi, bj] = [avg, i, j];
      }
    }
    const merged = [...clusters[bi]!, ...clusters[bj]!].sort((a, b) => a - b);
    clusters = [...clusters.filter((_, k) => k !== bi && k !== bj), merged];
    out.set(clusters.length, clusters.map((c) => [...c]).sort((a, b) => a[0]! - b[0]!));
  }
  return out;
}

test('nearest-neighbour-chain average linkage gives the same partition as the O(n³) definition at every k', () => {
  for (const [n, seed] of [[30, 1], [45, 2], [60, 3]] as const) {
    const d = randomDissimilarity(n, seed);
    const copy = Float64Array.from(d);
    const merges = averageLinkage(d, n);
    assert.deepEqual(d, copy, 'the input matrix is left untouched');
    assert.equal(merges.length, n - 1);
    for (let m = 1; m < merges.length; m++) assert.ok(merges[m]!.height >= merges[m - 1]!.height);
    const reference = bruteForce(d, n);
    for (let k = 1; k <= n; k++) assert.deepEqual(partition(cutTree(merges, n, k)), reference.get(k), `n=${n}, k=${k}`);
  }
});

test('the merge heights are the mean dissimilarities between the merged clusters', () => {
  const n = 25;
  const d = randomDissimilarity(n, 7);
  const merges = averageLinkage(d, n);
  // Replay the merges on explicit member lists and recompute each height from the original matrix.
  const members = new Map<number, number[]>(Array.from({ length: n }, (_, i) => [i, [i]]));
  const rootOf = Int32Array.from({ length: n }, (_, i) => i);
  for (const { a, b, height } of merges) {
    const ra = rootOf[a]!;
    const rb = rootOf[b]!;
    const A = members.get(ra)!;
    const B = members.get(rb)!;
    let s = 0;
    for (const p of A) for (const q of B) s += d[p * n + q]!;
    assert.ok(Math.abs(height - s / (A.length * B.length)) < 1e-12, `height ${height} vs ${s / (A.length * B.length)}`);
    members.set(ra, [...A, ...B]);
    members.delete(rb);
    for (const q of B) rootOf[q] = ra;
  }
});

test('labels equal those of the previous implementation (ml-hclust agnes, average) for every k', () => {
  const n = 150;
  const d = randomDissimilarity(n, 11);
  const ks = [1, 2, 3, 8, 20, 40, 149, 150];
  const ours = clusterDissimilarity(d, n, ks);
  const rows = Array.from({ length: n }, (_, i) => Array.from(d.subarray(i * n, (i + 1) * n)));
  const tree = agnes(rows, { method: 'average', isDistanceMatrix: true });
  for (const k of ks) {
    const theirs = new Int32Array(n);
    tree.group(k).children.forEach((c, label) => c.indices().forEach((i) => (theirs[i] = label)));
    const labels = ours.get(k)!;
    assert.deepEqual(partition(labels), partition(theirs), `k=${k}`);
    // Labels are numbered by cluster size, largest first.
    const sizes = Array.from({ length: k }, (_, l) => labels.filter((x) => x === l).length);
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
  }
});

test('progress is reported during the merges and a throwing tick stops the clustering', () => {
  const n = 300;
  const d = randomDissimilarity(n, 5);
  const seen: number[] = [];
  averageLinkage(d, n, (merged, total) => {
    assert.equal(total, n - 1);
    seen.push(merged);
  });
  assert.ok(seen.length >= 50, `${seen.length} ticks`);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
  assert.equal(seen.at(-1), n - 1);
  assert.throws(
    () =>
      averageLinkage(d, n, (merged) => {
        if (merged > 10) throw new Error('stop');
      }),
    /stop/,
  );
});
