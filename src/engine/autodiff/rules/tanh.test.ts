import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Tanh gradient (float64)', async () => {
  await gradCheck({ op: 'Tanh', inputs: [randn([3, 7], 6, 'float64', { min: -3, max: 3 })] });
});
