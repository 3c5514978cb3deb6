import { test } from 'node:test';
import { gradCheck, randn, floats } from '../testing/gradcheck';

test('Pow with tensor exponent, both differentiated (float64)', async () => {
  await gradCheck({ op: 'Pow', inputs: [randn([3, 4], 33, 'float64', { min: 0.5, max: 2 }), randn([4], 34, 'float64')] });
});

test('Pow with constant exponents 2 and 0.5 (float64)', async () => {
  await gradCheck({ op: 'Pow', inputs: [randn([3, 4], 35, 'float64'), { const: floats([], [2]) }] });
  await gradCheck({ op: 'Pow', inputs: [randn([3, 4], 36, 'float64', { min: 0.5, max: 2 }), { const: floats([], [0.5]) }] });
});
