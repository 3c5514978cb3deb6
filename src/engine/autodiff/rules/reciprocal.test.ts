import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Reciprocal gradient (float64)', async () => {
  await gradCheck({ op: 'Reciprocal', inputs: [randn([4, 3], 13, 'float64', { min: 0.5, max: 3 })] });
});
