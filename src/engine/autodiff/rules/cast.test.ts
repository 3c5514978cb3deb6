import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';
import { node } from '../../onnx/builder';

test('Cast float64 → float32 → float64 passes the gradient in the input type', async () => {
  await gradCheck({
    op: 'Cast',
    attrs: { to: 1 },
    inputs: [randn([3, 4], 18, 'float64')],
    tail: [node('Cast', ['y0'], ['z'], { to: 11 })],
    h: 1e-2,
    tol: 1e-4,
  });
});
