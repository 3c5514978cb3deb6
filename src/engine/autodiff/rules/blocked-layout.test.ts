import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradCheck, randn } from '../testing/gradcheck';
import { buildGradient } from '../builder';
import { graph, model, node, valueInfo, attrInt } from '../../onnx/builder';
import { tensorToProto } from '../../onnx/tensor';

const C = 16;
const conv = { kernel_shape: [3, 3], pads: [1, 1, 1, 1] };

test('blocked layout: one depthwise identity Conv where the loss gradient enters the conv chain, none after a backward Conv; gradients unchanged', async () => {
  // x → Conv → Relu → Conv → Relu → loss: the last ReLU's gradient comes from the loss (plain NCHW), the first one's
  // from a backward Conv (already blocked).
  const w1 = randn([C, C, 3, 3], 1, 'float32');
  const w2 = randn([C, C, 3, 3], 2, 'float32');
  const m = model(
    graph({
      name: 'two-convs',
      nodes: [
        node('Conv', ['x', 'w1'], ['a'], conv),
        node('Relu', ['a'], ['r']),
        node('Conv', ['r', 'w2'], ['b'], conv),
        node('Relu', ['b'], ['y']),
        node('ReduceSum', ['y'], ['loss'], { keepdims: 0 }),
      ],
      inputs: [valueInfo('x', 'float32', ['N', C, 6, 6])],
      outputs: [valueInfo('loss', 'float32', [])],
      initializers: [tensorToProto('w1', w1), tensorToProto('w2', w2)],
    }),
  );
  const nodes = buildGradient(m, { loss: 'loss', wrt: ['x'] }).model.graph!.node;
  const identities = nodes.filter((n) => n.opType === 'Conv' && attrInt(n, 'group', 1) === C);
  assert.equal(identities.length, 1);
  // The same chain through gradCheck (float32 finite differences): the identity conv changes no value.
  await gradCheck({
    op: 'Conv',
    attrs: conv,
    inputs: [randn([1, C, 6, 6], 3, 'float32', { awayFrom: [0] }), { const: w1 }, { const: w2 }],
    headInputs: 2,
    tail: [node('Relu', ['y0'], ['r']), node('Conv', ['r', 'x2'], ['b'], conv), node('Relu', ['b'], ['z'])],
    h: 1e-2,
    tol: 2e-2,
  });
});

test('blocked layout: channel counts that do not fill 16-wide blocks and float64 graphs are left alone', () => {
  for (const [channels, dtype] of [[12, 'float32'], [C, 'float64']] as const) {
    const m = model(
      graph({
        name: 'relu-only',
        nodes: [node('Relu', ['x'], ['y']), node('ReduceSum', ['y'], ['loss'], { keepdims: 0 })],
        inputs: [valueInfo('x', dtype, [2, channels, 4, 4])],
        outputs: [valueInfo('loss', dtype, [])],
      }),
    );
    const nodes = buildGradient(m, { loss: 'loss', wrt: ['x'] }).model.graph!.node;
    assert.ok(!nodes.some((n) => n.opType === 'Conv'), `${channels} channels, ${dtype}`);
  }
  // 16 float32 channels from a plain gradient: inserted.
  const m = model(
    graph({
      name: 'relu-16',
      nodes: [node('Relu', ['x'], ['y']), node('ReduceSum', ['y'], ['loss'], { keepdims: 0 })],
      inputs: [valueInfo('x', 'float32', [2, C, 4, 4])],
      outputs: [valueInfo('loss', 'float32', [])],
    }),
  );
  assert.equal(buildGradient(m, { loss: 'loss', wrt: ['x'] }).model.graph!.node.filter((n) => n.opType === 'Conv').length, 1);
});
