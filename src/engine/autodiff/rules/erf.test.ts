import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Erf gradient (float32: no float64 Erf kernel on CPU)', async () => {
  await gradCheck({ op: 'Erf', inputs: [randn([5, 6], 9, 'float32', { min: -2, max: 2 })], h: 1e-2, tol: 2e-3 });
});
