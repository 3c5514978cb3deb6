import { test } from 'node:test';
import { gradCheck, randn, ints } from '../testing/gradcheck';

test('Reshape, Flatten, Squeeze, Unsqueeze (float64)', async () => {
  await gradCheck({ op: 'Reshape', inputs: [randn([2, 3, 4], 94, 'float64'), { const: ints([2], [4, -1]) }] });
  await gradCheck({ op: 'Flatten', attrs: { axis: 2 }, inputs: [randn([2, 3, 4, 1], 95, 'float64')] });
  await gradCheck({ op: 'Squeeze', inputs: [randn([2, 1, 4], 96, 'float64'), { const: ints([1], [1]) }] });
  await gradCheck({ op: 'Unsqueeze', inputs: [randn([2, 4], 97, 'float64'), { const: ints([2], [0, -1]) }] });
});
