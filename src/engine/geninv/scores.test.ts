import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex, bestMatchIoU, majorityIoU } from './scores';
import { SeededRandom } from '../util/random';

test('ARI is 1 for identical labelings (up to renaming) and matches a hand-computed value', () => {
  const a = [0, 0, 1, 1, 2, 2, 2, 3];
  assert.equal(adjustedRandIndex(a, a), 1);
  assert.equal(adjustedRandIndex(a, a.map((x) => 7 - x)), 1);
  // Contingency [[2,1,0],[0,1,2]]: index 2, row pairs 6, column pairs 3, expected 6·3/15 = 1.2, max 4.5 → 0.8/3.3.
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) - 0.8 / 3.3) < 1e-12);
});

test('ARI of independent random labelings is about 0', () => {
  const rng = new SeededRandom(3);
  const n = 20000;
  const a = Array.from({ length: n }, () => rng.int(8));
  const b = Array.from({ length: n }, () => rng.int(5));
  const ari = adjustedRandIndex(a, b);
  assert.ok(Math.abs(ari) < 0.005, `ARI ${ari}`);
});

test('best-match IoU takes one cluster per class; majority IoU merges clusters of the same class', () => {
  const truth = [0, 0, 0, 0, 1, 1, 1, 1];
  const split = [0, 0, 1, 1, 2, 2, 2, 2]; // class 0 split in two halves
  const best = bestMatchIoU(split, truth);
  assert.equal(best.perClass[0], 0.5);
  assert.equal(best.perClass[1], 1);
  assert.equal(best.mean, 0.75);
  assert.equal(majorityIoU(split, truth), 1);
  // One cluster over everything: majority assigns it to class 0 (tie → lower class); class 1 gets IoU 0.
  assert.equal(majorityIoU([5, 5, 5, 5, 5, 5, 5, 5], truth), 0.25);
});
