import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Softmax and LogSoftmax over a middle axis (float64)', async () => {
  await gradCheck({ op: 'Softmax', attrs: { axis: 1 }, inputs: [randn([2, 4, 3], 118, 'float64', { min: -2, max: 2 })] });
  await gradCheck({ op: 'LogSoftmax', attrs: { axis: -1 }, inputs: [randn([2, 4, 3], 119, 'float64', { min: -2, max: 2 })] });
});
