import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Concat along a negative axis (float64)', async () => {
  await gradCheck({ op: 'Concat', attrs: { axis: -2 }, inputs: [randn([2, 1, 3], 100, 'float64'), randn([2, 4, 3], 101, 'float64'), randn([2, 2, 3], 102, 'float64')] });
});
