import { test } from 'node:test';
import { gradCheck, randn, floats } from '../testing/gradcheck';

test('Identity gradient (float64)', async () => {
  await gradCheck({ op: 'Identity', inputs: [randn([3, 5], 16, 'float64')] });
});

test('Dropout in inference passes the gradient through; its mask output carries none', async () => {
  await gradCheck({ op: 'Dropout', inputs: [randn([3, 5], 17, 'float32'), { const: floats([], [0.3], 'float32') }], outputs: 2, lossOutputs: [0] });
});
