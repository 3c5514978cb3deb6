import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Mul with broadcasting (float64)', async () => {
  await gradCheck({ op: 'Mul', inputs: [randn([2, 3, 1, 5], 28, 'float64'), randn([3, 4, 1], 29, 'float64')] });
});

test('Mul of a tensor with itself accumulates both paths', async () => {
  const { node } = await import('../../onnx/builder');
  await gradCheck({ op: 'Identity', inputs: [randn([2, 3], 30, 'float64')], tail: [node('Mul', ['y0', 'y0'], ['z'])] });
});
