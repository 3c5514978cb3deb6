import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Relu gradient matches finite differences (float64, odd shape)', async () => {
  await gradCheck({ op: 'Relu', inputs: [randn([2, 3, 5], 1, 'float64', { awayFrom: [0] })] });
});
