import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('MatMul: batched with broadcast batch axes (float64)', async () => {
  await gradCheck({ op: 'MatMul', inputs: [randn([2, 1, 3, 4], 50, 'float64'), randn([3, 4, 5], 51, 'float64')] });
});

test('MatMul: activation times a 2-D weight (float64)', async () => {
  await gradCheck({ op: 'MatMul', inputs: [randn([2, 3, 4], 52, 'float64'), randn([4, 5], 53, 'float64')] });
});

test('MatMul: 1-D operands (float64)', async () => {
  await gradCheck({ op: 'MatMul', inputs: [randn([4], 130, 'float64'), randn([2, 4, 3], 131, 'float64')] });
  await gradCheck({ op: 'MatMul', inputs: [randn([2, 3, 4], 132, 'float64'), randn([4], 133, 'float64')] });
});
