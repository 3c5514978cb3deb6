import assert from 'node:assert/strict';
import { test } from 'node:test';
import { floats, gradCheck, randn } from '../testing/gradcheck';
import { unaryGradient } from '../testing/unary-grad';

test('Relu gradient matches finite differences (float64, odd shape)', async () => {
  await gradCheck({ op: 'Relu', inputs: [randn([2, 3, 5], 1, 'float64', { awayFrom: [0] })] });
});

test('Relu gradient in float32 is an exact 0/1 mask, also at 0, −0, tiny and huge activations', async () => {
  const x = floats([8], [-1, 0, -0, 1e-30, 2e-38, 3e38, 5, -3e38], 'float32');
  assert.deepEqual((await unaryGradient('Relu', x)).map((v) => v + 0), [0, 0, 0, 1, 1, 1, 1, 0]);
  await gradCheck({ op: 'Relu', inputs: [randn([2, 3, 5], 2, 'float32', { awayFrom: [0] })], h: 1e-2, tol: 1e-3 });
});
