import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

const h = 0.5;
const tol = 1e-4;

test('ConvTranspose: stride 2, pads, output_padding, bias', async () => {
  await gradCheck({
    op: 'ConvTranspose',
    attrs: { kernel_shape: [4, 3], strides: [2, 2], pads: [1, 1, 1, 0], output_padding: [1, 0] },
    inputs: [randn([2, 3, 4, 5], 73, 'float32'), randn([3, 2, 4, 3], 74, 'float32'), randn([2], 75, 'float32')],
    h,
    tol,
  });
});

test('ConvTranspose: groups and dilation', async () => {
  await gradCheck({
    op: 'ConvTranspose',
    attrs: { kernel_shape: [3, 3], strides: [2, 1], dilations: [1, 2], group: 2 },
    inputs: [randn([1, 4, 3, 4], 76, 'float32'), randn([4, 3, 3, 3], 77, 'float32')],
    h,
    tol,
  });
});
