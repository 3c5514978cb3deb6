import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oodScore } from './ood';

test('reconstruction error is 1 − cosine; the z-score flags images far below the validation mean', () => {
  const typical = oodScore(0.9, { mean: 0.9, std: 0.02 });
  assert.ok(Math.abs(typical.reconstructionError - 0.1) < 1e-12);
  assert.equal(typical.zScore, 0);
  assert.equal(typical.outlier, false);
  const odd = oodScore(0.7, { mean: 0.9, std: 0.02 });
  assert.ok(Math.abs(odd.zScore! - 10) < 1e-9);
  assert.equal(odd.outlier, true);
  assert.deepEqual(oodScore(0.5, null), { reconstructionError: 0.5, zScore: null, outlier: null });
});
