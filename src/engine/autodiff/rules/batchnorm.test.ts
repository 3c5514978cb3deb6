import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('BatchNormalization (inference): all five inputs (float64)', async () => {
  await gradCheck({
    op: 'BatchNormalization',
    attrs: { epsilon: 1e-3 },
    inputs: [randn([2, 3, 4, 5], 78, 'float64'), randn([3], 79, 'float64'), randn([3], 80, 'float64'), randn([3], 81, 'float64'), randn([3], 82, 'float64', { min: 0.5, max: 2 })],
  });
});

test('BatchNormalization on a 2-D input (float64)', async () => {
  await gradCheck({
    op: 'BatchNormalization',
    inputs: [randn([4, 3], 83, 'float64'), randn([3], 84, 'float64'), randn([3], 85, 'float64'), randn([3], 86, 'float64'), randn([3], 87, 'float64', { min: 0.5, max: 2 })],
  });
});
