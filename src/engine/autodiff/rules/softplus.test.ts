import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Softplus gradient (float32)', async () => {
  await gradCheck({ op: 'Softplus', inputs: [randn([3, 7], 7, 'float32', { min: -3, max: 3 })] });
});
