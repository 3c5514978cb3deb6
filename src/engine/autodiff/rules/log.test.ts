import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Log gradient (float64)', async () => {
  await gradCheck({ op: 'Log', inputs: [randn([4, 3], 11, 'float64', { min: 0.3, max: 3 })] });
});
