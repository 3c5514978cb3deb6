import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('HardSigmoid and HardSwish gradients away from their corners (float32)', async () => {
  const x = randn([3, 8], 140, 'float32', { min: -5, max: 5, awayFrom: [-3, 3, -2.5, 2.5], gap: 0.1 });
  await gradCheck({ op: 'HardSigmoid', attrs: { alpha: 0.2, beta: 0.5 }, inputs: [x], h: 1e-2, tol: 2e-3 });
  await gradCheck({ op: 'HardSwish', inputs: [x], h: 1e-2, tol: 2e-3 });
});
