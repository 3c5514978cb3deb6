import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Elu gradient (float32)', async () => {
  await gradCheck({ op: 'Elu', attrs: { alpha: 0.7 }, inputs: [randn([2, 9], 8, 'float32', { min: -2, max: 2, awayFrom: [0], gap: 0.1 })] });
});
