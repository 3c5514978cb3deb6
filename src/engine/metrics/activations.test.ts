import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareActivations, gramCosine, summarize } from './activations';

test('pixel-wise cosine and L1 match a hand computation', () => {
  // one image, 2 channels, 1×2 pixels: pixel 0 vectors (1,0) vs (1,0) → cos 1; pixel 1 (0,2) vs (1,0) → cos 0
  const a = Float32Array.from([1, 0, 0, 2]);
  const b = Float32Array.from([1, 1, 0, 0]);
  const [m] = compareActivations(a, b, [1, 2, 1, 2]);
  assert.ok(Math.abs(m!.cosine - 0.5) < 1e-7);
  assert.ok(Math.abs(m!.l1 - (0 + 1 + 0 + 2) / 4) < 1e-7);
});

test('zero vectors give cosine 0 through ε, not NaN; images are separate', () => {
  const a = Float32Array.from([0, 0, 3, 4]);
  const b = Float32Array.from([0, 0, 3, 4]);
  const ms = compareActivations(a, b, [2, 2, 1, 1]);
  assert.equal(ms[0]!.cosine, 0);
  assert.ok(Math.abs(ms[1]!.cosine - 1) < 1e-7);
});

test('Gram cosine is 1 for scaled activations and lower for decorrelated ones', () => {
  const a = Float32Array.from([1, 2, 3, 4, 2, 4, 6, 8]);
  const b = a.map((v) => v * 3);
  assert.ok(Math.abs(gramCosine(a, b, [1, 2, 2, 2])[0]! - 1) < 1e-6);
  const c = Float32Array.from([1, 0, 1, 0, 0, 1, 0, 1]);
  assert.ok(gramCosine(a, c, [1, 2, 2, 2])[0]! < 0.95);
});

test('summarize gives mean, population std, min and max', () => {
  const s = summarize([1, 2, 3, 4]);
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.std - Math.sqrt(1.25)) < 1e-12);
  assert.equal(s.min, 1);
  assert.equal(s.max, 4);
});
