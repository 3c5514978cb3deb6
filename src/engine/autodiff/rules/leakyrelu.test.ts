import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('LeakyRelu gradient (float64)', async () => {
  await gradCheck({ op: 'LeakyRelu', attrs: { alpha: 0.2 }, inputs: [randn([3, 4, 3], 2, 'float64', { awayFrom: [0] })] });
});
