import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionOnQueryGrid, clusterDissimilarity, dissimilarity, meanColourImage, squareGrids, upsampleLabels } from './cluster';
import { SeededRandom } from '../util/random';

test('D = (1 − (A + Aᵀ)/2) ⊙ (1 − I): symmetric, zero diagonal, entries from both directions of attention', () => {
  const a = Float64Array.from([0.5, 0.3, 0.2, 0.1, 0.6, 0.3, 0.4, 0.4, 0.2]);
  const d = dissimilarity(a, 3);
  for (let i = 0; i < 3; i++) {
    assert.equal(d[i * 3 + i], 0);
    for (let j = 0; j < 3; j++) assert.equal(d[i * 3 + j], d[j * 3 + i]);
  }
  assert.ok(Math.abs(d[1]! - (1 - (0.3 + 0.1) / 2)) < 1e-15);
  assert.ok(Math.abs(d[2]! - (1 - (0.2 + 0.4) / 2)) < 1e-15);
  assert.ok(Math.abs(d[5]! - (1 - (0.3 + 0.4) / 2)) < 1e-15);
});

test('pooled keys are spread over the query grid: each key covers its 2×2 cells and rows still sum to 1', () => {
  const grid = squareGrids(16, 4);
  assert.deepEqual(grid, { query: [4, 4], key: [2, 2] });
  const rng = new SeededRandom(1);
  const a = new Float32Array(16 * 4);
  for (let i = 0; i < 16; i++) {
    const row = Array.from({ length: 4 }, () => rng.next());
    const s = row.reduce((x, y) => x + y, 0);
    row.forEach((v, j) => (a[i * 4 + j] = v / s));
  }
  const sq = attentionOnQueryGrid(a, grid);
  for (let i = 0; i < 16; i++) {
    let s = 0;
    for (let j = 0; j < 16; j++) s += sq[i * 16 + j]!;
    assert.ok(Math.abs(s - 1) < 1e-6);
  }
  // Query cell (row 3, col 2) = index 14 lies in key (1, 1) = 3.
  assert.ok(Math.abs(sq[5 * 16 + 14]! - a[5 * 4 + 3]! / 4) < 1e-9);
  assert.throws(() => squareGrids(15, 4), /square/);
});

test('average-linkage clustering recovers block structure into exactly k labels', () => {
  // Three groups of positions: dissimilarity 0.1 within a group, 0.9 between groups, with a little noise.
  const groups = [0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 2, 1];
  const n = groups.length;
  const rng = new SeededRandom(2);
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = (groups[i] === groups[j] ? 0.1 : 0.9) + rng.next() * 0.05;
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  const byK = clusterDissimilarity(d, n, [3, 5, 1]);
  const three = byK.get(3)!;
  assert.equal(new Set(three).size, 3);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(three[i] === three[j], groups[i] === groups[j]);
  assert.equal(new Set(byK.get(5)!).size, 5);
  assert.deepEqual([...new Set(byK.get(1)!)], [0]);
  assert.throws(() => clusterDissimilarity(d, n, [13]), /between 1 and 12/);
});

test('labels are up-sampled by nearest neighbour and clusters painted in their mean colour', () => {
  const up = upsampleLabels(Int32Array.from([0, 1, 2, 3]), [2, 2], [4, 4]);
  assert.deepEqual([...up], [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
  const image = new Float32Array(3 * 4);
  image.set([0, 1, 0.5, 0.5], 0); // red plane of a 2×2 image
  const painted = meanColourImage(image, Int32Array.from([0, 0, 1, 1]), [2, 2]);
  assert.deepEqual([...painted.subarray(0, 4)], [0.5, 0.5, 0.5, 0.5]);
});
