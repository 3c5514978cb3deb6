import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Sigmoid gradient (float64)', async () => {
  await gradCheck({ op: 'Sigmoid', inputs: [randn([4, 5], 5, 'float64', { min: -4, max: 4 })] });
});
