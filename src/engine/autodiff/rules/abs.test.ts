import assert from 'node:assert/strict';
import { test } from 'node:test';
import { floats, gradCheck, randn } from '../testing/gradcheck';
import { unaryGradient } from '../testing/unary-grad';

test('Abs gradient (float64)', async () => {
  await gradCheck({ op: 'Abs', inputs: [randn([3, 5], 15, 'float64', { awayFrom: [0] })] });
});

test('Abs gradient in float32 is exactly sign(x): 0 at ±0, ±1 for tiny and huge values', async () => {
  const x = floats([8], [-1e-37, 0, -0, 1e-37, -5, 3e38, -3e38, 0.25], 'float32');
  assert.deepEqual((await unaryGradient('Abs', x)).map((v) => v + 0), [-1, 0, 0, 1, -1, 1, -1, 1]);
  await gradCheck({ op: 'Abs', inputs: [randn([3, 5], 16, 'float32', { awayFrom: [0] })], h: 1e-2, tol: 1e-3 });
});
