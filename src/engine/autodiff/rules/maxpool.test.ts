import { test } from 'node:test';
import { gradCheck, distinct } from '../testing/gradcheck';

test('MaxPool with pads, strides, ceil_mode and dilation (float32)', async () => {
  await gradCheck({ op: 'MaxPool', attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, inputs: [distinct([2, 3, 7, 6], 120, 'float32')], h: 1e-2, tol: 2e-3 });
  await gradCheck({ op: 'MaxPool', attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }, inputs: [distinct([1, 2, 5, 7], 121, 'float32')], h: 1e-2, tol: 2e-3 });
  await gradCheck({ op: 'MaxPool', attrs: { kernel_shape: [2, 2], dilations: [1, 2] }, inputs: [distinct([1, 2, 5, 7], 122, 'float32')], h: 1e-2, tol: 2e-3 });
});
