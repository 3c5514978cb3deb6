import { test } from 'node:test';
import { gradCheck, randn, ints } from '../testing/gradcheck';

test('Slice with negative steps, clamped ends and axes (float64)', async () => {
  await gradCheck({
    op: 'Slice',
    inputs: [randn([3, 7, 5], 104, 'float64'), { const: ints([2], [-1, 1]) }, { const: ints([2], [-100, 100]) }, { const: ints([2], [1, 2]) }, { const: ints([2], [-2, 2]) }],
  });
});
