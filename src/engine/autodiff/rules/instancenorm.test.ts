import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('InstanceNormalization: input, scale and bias (float32)', async () => {
  await gradCheck({
    op: 'InstanceNormalization',
    attrs: { epsilon: 1e-3 },
    inputs: [randn([2, 3, 4, 5], 88, 'float32'), randn([3], 89, 'float32'), randn([3], 90, 'float32')],
    h: 1e-2,
    tol: 3e-3,
  });
});
