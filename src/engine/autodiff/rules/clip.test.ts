import { test } from 'node:test';
import { gradCheck, randn, floats } from '../testing/gradcheck';

test('Clip with both bounds and with only a max (float64)', async () => {
  const x = randn([4, 6], 37, 'float64', { min: -2, max: 2, awayFrom: [-0.5, 0.8] });
  await gradCheck({ op: 'Clip', inputs: [x, { const: floats([], [-0.5]) }, { const: floats([], [0.8]) }] });
  await gradCheck({ op: 'Clip', inputs: [x, null, { const: floats([], [0.8]) }] });
});
