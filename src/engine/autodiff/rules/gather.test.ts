import { test } from 'node:test';
import { gradCheck, randn, ints } from '../testing/gradcheck';

test('Gather with repeated and negative indices, and a scalar index (float64)', async () => {
  await gradCheck({ op: 'Gather', attrs: { axis: 1 }, inputs: [randn([2, 4, 3], 105, 'float64'), { const: ints([2, 2], [0, 3, -1, 0]) }] });
  await gradCheck({ op: 'Gather', attrs: { axis: 0 }, inputs: [randn([3, 2], 106, 'float64'), { const: ints([], [1]) }] });
});

test('GatherElements with repeated indices (float64)', async () => {
  await gradCheck({ op: 'GatherElements', attrs: { axis: 1 }, inputs: [randn([2, 3], 107, 'float64'), { const: ints([2, 4], [0, 2, 2, 1, 1, 1, 0, -1]) }] });
});
