import { test } from 'node:test';
import { gradCheck, randn, ints, floats } from '../testing/gradcheck';

test('Pad constant (with negative pads), reflect and edge (float64)', async () => {
  const x = randn([1, 2, 4, 5], 110, 'float64');
  await gradCheck({ op: 'Pad', inputs: [x, { const: ints([8], [0, 0, 1, -1, 0, 0, 2, 3]) }, { const: floats([], [0.5]) }] });
  await gradCheck({ op: 'Pad', attrs: { mode: 'reflect' }, inputs: [x, { const: ints([8], [0, 0, 2, 1, 0, 0, 3, 2]) }] });
  await gradCheck({ op: 'Pad', attrs: { mode: 'edge' }, inputs: [x, { const: ints([8], [0, 0, 2, 1, 0, 0, 1, 2]) }] });
});
