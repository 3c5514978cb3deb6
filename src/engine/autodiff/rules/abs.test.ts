import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Abs gradient (float64)', async () => {
  await gradCheck({ op: 'Abs', inputs: [randn([3, 5], 15, 'float64', { awayFrom: [0] })] });
});
