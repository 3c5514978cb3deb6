import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Exp gradient (float64)', async () => {
  await gradCheck({ op: 'Exp', inputs: [randn([4, 3], 10, 'float64')] });
});
