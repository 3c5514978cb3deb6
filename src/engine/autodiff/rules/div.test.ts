import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Div with broadcasting (float64)', async () => {
  await gradCheck({ op: 'Div', inputs: [randn([2, 3, 4], 31, 'float64'), randn([3, 1], 32, 'float64', { min: 0.5, max: 2 })] });
});
