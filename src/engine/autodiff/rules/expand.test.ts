import { test } from 'node:test';
import { gradCheck, randn, ints } from '../testing/gradcheck';

test('Expand to a higher rank (float64)', async () => {
  await gradCheck({ op: 'Expand', inputs: [randn([3, 1], 108, 'float64'), { const: ints([3], [2, 3, 4]) }] });
});
