import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionSelectivity, nearlyUniform } from './selectivity';

test('a uniform attention row has entropy ln(keys) and max 1/keys; a one-hot row has entropy 0 and max 1', () => {
  const keys = 16;
  const uniform = attentionSelectivity(new Float32Array(3 * keys).fill(1 / keys), keys);
  assert.equal(uniform.rows, 3);
  assert.ok(Math.abs(uniform.meanRowEntropy - Math.log(keys)) < 1e-6);
  assert.ok(Math.abs(uniform.meanRowMax - 1 / keys) < 1e-7);
  assert.ok(nearlyUniform(uniform));
  const oneHot = new Float32Array(2 * keys);
  oneHot[3] = 1;
  oneHot[keys + 7] = 1;
  const peaked = attentionSelectivity(oneHot, keys);
  assert.equal(peaked.meanRowEntropy, 0);
  assert.equal(peaked.meanRowMax, 1);
  assert.ok(!nearlyUniform(peaked));
});

test('entropy of a two-way split row is ln 2, averaged with a uniform row', () => {
  const keys = 4;
  const rows = new Float32Array([0.5, 0.5, 0, 0, 0.25, 0.25, 0.25, 0.25]);
  const s = attentionSelectivity(rows, keys);
  assert.ok(Math.abs(s.meanRowEntropy - (Math.log(2) + Math.log(4)) / 2) < 1e-6);
  assert.ok(Math.abs(s.meanRowMax - 0.375) < 1e-7);
});
