import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Neg gradient (float64)', async () => {
  await gradCheck({ op: 'Neg', inputs: [randn([2, 3, 2], 14, 'float64')] });
});
