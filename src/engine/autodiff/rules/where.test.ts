import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Where routes the gradient by the condition, with broadcasting (float64)', async () => {
  const cond = { dtype: 'bool' as const, dims: [3, 1], data: new Uint8Array([1, 0, 1]) };
  await gradCheck({ op: 'Where', inputs: [{ const: cond }, randn([3, 4], 43, 'float64'), randn([4], 44, 'float64')] });
});
