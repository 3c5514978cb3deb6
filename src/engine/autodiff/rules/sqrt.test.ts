import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Sqrt gradient (float64)', async () => {
  await gradCheck({ op: 'Sqrt', inputs: [randn([4, 3], 12, 'float64', { min: 0.3, max: 3 })] });
});
