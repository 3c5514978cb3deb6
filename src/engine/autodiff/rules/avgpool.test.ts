import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

// AveragePool is linear: a large step keeps float32 differences exact up to rounding.
const h = 0.5;
const tol = 1e-4;

test('AveragePool: plain, with pads (both count_include_pad settings) and ceil_mode', async () => {
  const x = randn([2, 3, 7, 6], 122, 'float32');
  await gradCheck({ op: 'AveragePool', attrs: { kernel_shape: [2, 2], strides: [2, 2] }, inputs: [x], h, tol });
  await gradCheck({ op: 'AveragePool', attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, inputs: [x], h, tol });
  await gradCheck({ op: 'AveragePool', attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 1 }, inputs: [x], h, tol });
  await gradCheck({ op: 'AveragePool', attrs: { kernel_shape: [3, 2], strides: [2, 2], ceil_mode: 1 }, inputs: [x], h, tol });
});

test('AveragePool: auto_pad SAME_UPPER / SAME_LOWER with a static input size (both count_include_pad settings)', async () => {
  const x = randn([1, 2, 7, 6], 124, 'float32');
  await gradCheck({ op: 'AveragePool', attrs: { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }, inputs: [x], h, tol });
  await gradCheck({ op: 'AveragePool', attrs: { kernel_shape: [2, 3], strides: [2, 1], auto_pad: 'SAME_LOWER' }, inputs: [x], h, tol });
  await gradCheck({ op: 'AveragePool', attrs: { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER', count_include_pad: 1 }, inputs: [x], h, tol });
});
