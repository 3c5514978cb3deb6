import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradCheck, randn } from '../testing/gradcheck';
import { buildGradient } from '../builder';
import { graph, model, node, valueInfo } from '../../onnx/builder';
import { samePads } from '../convgeom';
import { openSession } from '../../runtime/session';

// Conv is bilinear in (X, W): central differences are exact up to float32 rounding for any step, so a large
// step keeps the check tight (float32: no float64 Conv kernel on CPU).
const h = 0.5;
const tol = 1e-4;

test('Conv: stride 2, asymmetric pads, bias, odd input size', async () => {
  await gradCheck({
    op: 'Conv',
    attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 0, 0, 1] },
    inputs: [randn([2, 3, 7, 6], 62, 'float32'), randn([4, 3, 3, 3], 63, 'float32'), randn([4], 64, 'float32')],
    h,
    tol,
  });
});

test('Conv: groups, dilation, stride 3 (leftover input rows)', async () => {
  await gradCheck({
    op: 'Conv',
    attrs: { kernel_shape: [2, 3], strides: [3, 1], dilations: [2, 1], pads: [1, 1, 1, 1], group: 2 },
    inputs: [randn([1, 4, 9, 5], 65, 'float32'), randn([6, 2, 2, 3], 66, 'float32')],
    h,
    tol,
  });
});

test('Conv: depthwise and 1-D', async () => {
  await gradCheck({ op: 'Conv', attrs: { kernel_shape: [3, 3], group: 3, pads: [1, 1, 1, 1] }, inputs: [randn([2, 3, 4, 4], 67, 'float32'), randn([3, 1, 3, 3], 68, 'float32')], h, tol });
  await gradCheck({ op: 'Conv', attrs: { kernel_shape: [3], strides: [2] }, inputs: [randn([2, 2, 8], 69, 'float32'), randn([3, 2, 3], 70, 'float32')], h, tol });
});

test('Conv: grouped conv with per-sample weights (modulated-conv layout) and auto_pad VALID', async () => {
  await gradCheck({ op: 'Conv', attrs: { kernel_shape: [1, 1], group: 2, auto_pad: 'VALID' }, inputs: [randn([1, 4, 3, 3], 71, 'float32'), randn([6, 2, 1, 1], 72, 'float32')], h, tol });
});

test('Conv: strided k×k kernels through the polyphase input gradient (7×7 s2 p3 stem, 3×3 s2, 4×3 s3 pads 2, groups)', async () => {
  await gradCheck({ op: 'Conv', attrs: { kernel_shape: [7, 7], strides: [2, 2], pads: [3, 3, 3, 3] }, inputs: [randn([1, 3, 11, 10], 80, 'float32'), randn([2, 3, 7, 7], 81, 'float32')], h, tol });
  await gradCheck({ op: 'Conv', attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], group: 2 }, inputs: [randn([2, 4, 8, 7], 82, 'float32'), randn([4, 2, 3, 3], 83, 'float32')], h, tol });
  await gradCheck({ op: 'Conv', attrs: { kernel_shape: [4, 3], strides: [3, 2], pads: [2, 0, 1, 2] }, inputs: [randn([1, 2, 10, 9], 84, 'float32'), randn([3, 2, 4, 3], 85, 'float32')], h, tol });
});

test('Conv: few input channels under a strided kernel merge the phases into one Conv + DepthToSpace (7×7 s2 stem, 5×4 s3 odd pads)', async () => {
  const cases = [
    { attrs: { kernel_shape: [7, 7], strides: [2, 2], pads: [3, 3, 3, 3] }, x: [2, 3, 13, 12], w: [4, 3, 7, 7] },
    { attrs: { kernel_shape: [5, 4], strides: [3, 3], pads: [2, 0, 1, 2] }, x: [1, 1, 11, 10], w: [3, 1, 5, 4] },
    { attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 1, 1, 0] }, x: [1, 2, 9, 8], w: [5, 2, 3, 3] },
  ];
  for (const [i, c] of cases.entries()) {
    const inputs = [randn(c.x, 100 + i, 'float32'), randn(c.w, 110 + i, 'float32')];
    await gradCheck({ op: 'Conv', attrs: c.attrs, inputs, h, tol });
    const m = model(
      graph({
        name: 'merged',
        nodes: [node('Conv', ['x', 'w'], ['y'], c.attrs), node('ReduceSum', ['y'], ['loss'], { keepdims: 0 })],
        inputs: [valueInfo('x', 'float32', c.x), valueInfo('w', 'float32', c.w)],
        outputs: [valueInfo('loss', 'float32', [])],
      }),
    );
    const ops = buildGradient(m, { loss: 'loss', wrt: ['x'] }).model.graph!.node.map((n) => n.opType);
    assert.equal(ops.filter((o) => o === 'DepthToSpace').length, 1, `case ${i}: one merged phase Conv`);
  }
});

test('Conv: auto_pad SAME_UPPER / SAME_LOWER with a static input size (strides 2–3, odd sizes, even kernel, kernel from the weights)', async () => {
  await gradCheck({ op: 'Conv', attrs: { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }, inputs: [randn([1, 2, 7, 6], 90, 'float32'), randn([3, 2, 3, 3], 91, 'float32')], h, tol });
  await gradCheck({ op: 'Conv', attrs: { kernel_shape: [2, 4], strides: [1, 2], auto_pad: 'SAME_LOWER' }, inputs: [randn([2, 2, 5, 9], 92, 'float32'), randn([2, 2, 2, 4], 93, 'float32')], h, tol });
  // No kernel_shape attribute: the kernel size comes from the weight's static shape. (onnxruntime runs SAME only
  // without dilation.)
  await gradCheck({ op: 'Conv', attrs: { strides: [2, 3], auto_pad: 'SAME_UPPER' }, inputs: [randn([1, 1, 8, 5], 94, 'float32'), randn([2, 1, 3, 2], 95, 'float32')], h, tol });
});

test('SAME pads: the odd pixel goes to the end (UPPER) or the start (LOWER); a dynamic input size is a clear error', () => {
  assert.deepEqual(samePads('SAME_UPPER', [7, 6], [3, 3], [2, 2], [1, 1]), [1, 0, 1, 1]);
  assert.deepEqual(samePads('SAME_LOWER', [5, 9], [2, 4], [1, 2], [1, 1]), [1, 2, 0, 1]);
  const m = model(
    graph({
      name: 'same-dynamic',
      nodes: [node('Conv', ['x', 'w'], ['y'], { kernel_shape: [3, 3], auto_pad: 'SAME_UPPER' }), node('ReduceSum', ['y'], ['loss'], { keepdims: 0 })],
      inputs: [valueInfo('x', 'float32', ['n', 2, 'h', 'w']), valueInfo('w', 'float32', [3, 2, 3, 3])],
      outputs: [valueInfo('loss', 'float32', [])],
    }),
  );
  assert.throws(() => buildGradient(m, { loss: 'loss', wrt: ['x'] }), /uses auto_pad=SAME_UPPER and its input's spatial size is not known/);
});

test('Conv: the builder option convGradient "general" emits ConvTranspose / role-swapped Conv with the same gradients as the fast forms', async () => {
  const attrs = { kernel_shape: [3, 3], pads: [1, 1, 1, 1] };
  const m = model(
    graph({
      name: 'conv-forms',
      nodes: [node('Conv', ['x', 'w'], ['y'], attrs), node('ReduceSum', ['y'], ['loss'], { keepdims: 0 })],
      inputs: [valueInfo('x', 'float32', [2, 3, 6, 5]), valueInfo('w', 'float32', [4, 3, 3, 3])],
      outputs: [valueInfo('loss', 'float32', [])],
    }),
  );
  const feeds = { x: randn([2, 3, 6, 5], 120, 'float32'), w: randn([4, 3, 3, 3], 121, 'float32') };
  const grads = async (form: 'fast' | 'general'): Promise<{ ops: string[]; dx: Float32Array; dw: Float32Array }> => {
    const gm = buildGradient(m, { loss: 'loss', wrt: ['x', 'w'], convGradient: form });
    const s = await openSession(gm.model, { threads: 1 });
    const out = await s.run(feeds);
    return { ops: gm.model.graph!.node.map((n) => n.opType), dx: out[gm.grads.x!]!.data as Float32Array, dw: out[gm.grads.w!]!.data as Float32Array };
  };
  const fast = await grads('fast');
  const general = await grads('general');
  assert.equal(fast.ops.includes('ConvTranspose'), false, 'fast forms: dX is a Conv with the flipped kernel');
  assert.equal(general.ops.includes('ConvTranspose'), true, 'general forms: dX is a ConvTranspose');
  for (const [a, b] of [[fast.dx, general.dx], [fast.dw, general.dw]] as const) {
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= 1e-4 * Math.max(1, Math.abs(b[i]!)), `index ${i}: ${a[i]} vs ${b[i]}`);
  }
});
