import { test } from 'node:test';
import { gradCheck, randn, ints } from '../testing/gradcheck';

test('ReduceSum with axes input, keepdims 0, and over all axes (float64)', async () => {
  await gradCheck({ op: 'ReduceSum', attrs: { keepdims: 0 }, inputs: [randn([2, 3, 4], 111, 'float64'), { const: ints([2], [0, -1]) }] });
  await gradCheck({ op: 'ReduceSum', inputs: [randn([2, 3], 112, 'float64')] });
});

test('ReduceMean, ReduceMax, ReduceL2, ReduceSumSquare, ReduceLogSumExp (float64)', async () => {
  await gradCheck({ op: 'ReduceMean', attrs: { axes: [1, 2], keepdims: 1 }, inputs: [randn([2, 3, 4], 113, 'float64')] });
  await gradCheck({ op: 'ReduceMax', attrs: { axes: [1], keepdims: 0 }, inputs: [randn([2, 5, 3], 114, 'float64')] });
  await gradCheck({ op: 'ReduceL2', attrs: { axes: [-1], keepdims: 0 }, inputs: [randn([3, 4], 115, 'float64')] });
  await gradCheck({ op: 'ReduceSumSquare', attrs: { axes: [0] }, inputs: [randn([3, 4], 116, 'float64')] });
  await gradCheck({ op: 'ReduceLogSumExp', attrs: { axes: [1], keepdims: 0 }, inputs: [randn([3, 4], 117, 'float64')] });
});
