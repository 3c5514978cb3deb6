import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Sin and Cos gradients (float64)', async () => {
  await gradCheck({ op: 'Sin', inputs: [randn([3, 4], 19, 'float64', { min: -3, max: 3 })] });
  await gradCheck({ op: 'Cos', inputs: [randn([3, 4], 20, 'float64', { min: -3, max: 3 })] });
});
