import { test } from 'node:test';
import { gradCheck, randn, ints } from '../testing/gradcheck';

test('Split with sizes, one output unused (float64)', async () => {
  await gradCheck({ op: 'Split', attrs: { axis: 1 }, inputs: [randn([2, 6, 2], 103, 'float64'), { const: ints([3], [1, 3, 2]) }], outputs: 3, lossOutputs: [0, 2] });
});
