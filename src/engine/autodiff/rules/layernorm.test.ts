import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('LayerNormalization over the last two axes (float64)', async () => {
  await gradCheck({
    op: 'LayerNormalization',
    attrs: { axis: -2, epsilon: 1e-3 },
    inputs: [randn([2, 3, 4, 5], 91, 'float64'), randn([4, 5], 92, 'float64'), randn([4, 5], 93, 'float64')],
    outputs: 1,
  });
});
