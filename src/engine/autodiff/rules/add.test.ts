import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Add with broadcasting on both sides (float64)', async () => {
  await gradCheck({ op: 'Add', inputs: [randn([2, 1, 4], 21, 'float64'), randn([3, 1], 22, 'float64')] });
});

test('Sub with a rank-lower operand (float64)', async () => {
  await gradCheck({ op: 'Sub', inputs: [randn([2, 3, 4], 23, 'float64'), randn([4], 24, 'float64')] });
});

test('Sum of three broadcasting operands (float64)', async () => {
  await gradCheck({ op: 'Sum', inputs: [randn([2, 3], 25, 'float64'), randn([3], 26, 'float64'), randn([2, 1], 27, 'float64')] });
});
