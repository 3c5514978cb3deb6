import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Transpose with a permutation and without one (float64)', async () => {
  await gradCheck({ op: 'Transpose', attrs: { perm: [2, 0, 3, 1] }, inputs: [randn([2, 3, 4, 1], 98, 'float64')] });
  await gradCheck({ op: 'Transpose', inputs: [randn([2, 3, 4], 99, 'float64')] });
});
