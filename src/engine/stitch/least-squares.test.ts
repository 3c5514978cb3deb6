import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinearFitAccumulator } from './least-squares';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

test('recovers a known 1x1 conv (weight and bias) from channel-major batches', () => {
  const p = 7;
  const q = 5;
  const rnd = lcg(1);
  const w = Float32Array.from({ length: q * p }, rnd);
  const bias = Float32Array.from({ length: q }, rnd);
  const acc = new LinearFitAccumulator(p, q);
  for (let batch = 0; batch < 3; batch++) {
    const n = 50 + batch;
    const a = Float32Array.from({ length: p * n }, () => rnd() * 3 + 1);
    const b = new Float32Array(q * n);
    for (let j = 0; j < q; j++) {
      for (let r = 0; r < n; r++) {
        let s = bias[j]!;
        for (let i = 0; i < p; i++) s += w[j * p + i]! * a[i * n + r]!;
        b[j * n + r] = s;
      }
    }
    acc.addChannelMajor(a, b, n);
  }
  const fit = acc.solve(1e-9);
  for (let k = 0; k < w.length; k++) assert.ok(Math.abs(fit.weight[k]! - w[k]!) < 1e-3, `weight ${k}`);
  for (let j = 0; j < q; j++) assert.ok(Math.abs(fit.bias[j]! - bias[j]!) < 1e-3, `bias ${j}`);
});

test('the ridge shrinks the weight towards zero', () => {
  const acc = new LinearFitAccumulator(2, 1);
  const a = Float32Array.from([1, 2, 3, 4, 0, 1, 0, 1]);
  const b = Float32Array.from([2, 4, 6, 8]);
  acc.addChannelMajor(a, b, 4);
  const loose = acc.solve(1e-9).weight[0]!;
  const tight = acc.solve(10).weight[0]!;
  assert.ok(Math.abs(loose - 2) < 1e-4);
  assert.ok(Math.abs(tight) < Math.abs(loose) / 2);
});

test('rejects mis-sized batches', () => {
  const acc = new LinearFitAccumulator(3, 2);
  assert.throws(() => acc.addChannelMajor(new Float32Array(5), new Float32Array(4), 2), /Least-squares batch/);
});
