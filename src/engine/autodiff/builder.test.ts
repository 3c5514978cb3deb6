import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graph, model, node, valueInfo } from '../onnx/builder';
import { tensorToProto } from '../onnx/tensor';
import { openSession } from '../runtime/session';
import { buildGradient } from './builder';
import { randn } from './testing/gradcheck';
import { isGanLensError } from '../util/errors';

function convNet(): ReturnType<typeof model> {
  const w = randn([4, 3, 3, 3], 1, 'float32');
  const b = randn([4], 2, 'float32');
  return model(
    graph({
      nodes: [
        node('Conv', ['x', 'w', 'b'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [2, 2] }),
        node('Relu', ['c'], ['r']),
        node('Add', ['r', 'c'], ['s']),
        node('ReduceMean', ['s'], ['loss'], { keepdims: 0 }),
        node('Sigmoid', ['s'], ['unused']),
      ],
      inputs: [valueInfo('x', 'float32', ['N', 3, 8, 8])],
      outputs: [valueInfo('loss', 'float32', []), valueInfo('unused', 'float32')],
      initializers: [tensorToProto('w', w), tensorToProto('b', b)],
    }),
  );
}

test('wrt initializers become inputs; the graph is pruned to what the loss needs; any batch size runs', async () => {
  const gm = buildGradient(convNet(), { loss: 'loss', wrt: ['w', 'x'] });
  assert.deepEqual(gm.promoted, ['w']);
  const g = gm.model.graph!;
  assert.ok(g.input.some((i) => i.name === 'w'), 'w is an input');
  assert.ok(!g.node.some((n) => n.opType === 'Sigmoid'), 'nodes after the loss are pruned');
  assert.deepEqual(g.output.map((o) => o.name), ['loss', 'grad:w', 'grad:x']);
  const s = await openSession(gm.model, { threads: 1 });
  const w = randn([4, 3, 3, 3], 1, 'float32');
  for (const n of [1, 3]) {
    const out = await s.run({ x: randn([n, 3, 8, 8], 5 + n, 'float32'), w });
    assert.deepEqual(out['grad:x']!.dims, [n, 3, 8, 8]);
    assert.deepEqual(out['grad:w']!.dims, [4, 3, 3, 3]);
  }
});

test('a tensor with several consumers accumulates its gradients (Relu(c) + c)', async () => {
  const gm = buildGradient(convNet(), { loss: 'loss', wrt: ['b'] });
  const s = await openSession(gm.model, { threads: 1 });
  const x = randn([2, 3, 8, 8], 9, 'float32');
  const out = await s.run({ x, b: randn([4], 2, 'float32') });
  // d loss / d b_c = (1/numel) Σ over channel c of (1 + [c > 0]), so it lies in [count/numel, 2·count/numel].
  const per = 2 * 4 * 4; // N·H·W per channel
  const numel = per * 4;
  for (const v of out['grad:b']!.data as Float32Array) {
    assert.ok(v >= per / numel - 1e-6 && v <= (2 * per) / numel + 1e-6, `grad b ${v}`);
    assert.ok(v > per / numel, 'some ReLUs pass');
  }
});

test('an op without a rule between wrt and the loss is a clear error naming node, op and position', () => {
  const m = model(
    graph({
      nodes: [node('Relu', ['x'], ['a']), node('Hardmax', ['a'], ['h'], {}, 'my_hardmax'), node('ReduceSum', ['h'], ['loss'], { keepdims: 0 })],
      inputs: [valueInfo('x', 'float32', [2, 3])],
      outputs: [valueInfo('loss', 'float32', [])],
    }),
  );
  assert.throws(
    () => buildGradient(m, { loss: 'loss', wrt: ['x'] }),
    (e: unknown) => isGanLensError(e) && /Hardmax/.test(e.message) && /my_hardmax/.test(e.message) && /#1 of 3/.test(e.message),
  );
});

test('shape paths (Shape → Reshape) are constants and need no rule', async () => {
  const m = model(
    graph({
      nodes: [
        node('Shape', ['x'], ['sh']),
        node('Flatten', ['x'], ['f'], { axis: 1 }),
        node('Mul', ['f', 'f'], ['sq']),
        node('Reshape', ['sq', 'sh'], ['back']),
        node('ReduceSum', ['back'], ['loss'], { keepdims: 0 }),
      ],
      inputs: [valueInfo('x', 'float64', [2, 3])],
      outputs: [valueInfo('loss', 'float64', [])],
    }),
  );
  const gm = buildGradient(m, { loss: 'loss', wrt: ['x'] });
  const s = await openSession(gm.model, { threads: 1 });
  const x = randn([2, 3], 3, 'float64');
  const out = await s.run({ x });
  const g = out['grad:x']!.data as Float64Array;
  (x.data as Float64Array).forEach((v, i) => assert.ok(Math.abs(g[i]! - 2 * v) < 1e-12));
});

test('operands of statically equal shape skip the broadcast reduction (no NonZero/ReduceSum in the gradient)', () => {
  const m = model(
    graph({
      nodes: [node('Relu', ['x'], ['a']), node('Add', ['a', 'x'], ['s']), node('ReduceSum', ['s'], ['loss'], { keepdims: 0 })],
      inputs: [valueInfo('x', 'float32', ['N', 3, 4, 4])],
      outputs: [valueInfo('loss', 'float32', [])],
    }),
  );
  const ops = buildGradient(m, { loss: 'loss', wrt: ['x'] }).model.graph!.node.map((n) => n.opType);
  assert.ok(!ops.includes('NonZero'), ops.join(' '));
  const b = model(
    graph({
      nodes: [node('Add', ['x', 'bias'], ['s']), node('ReduceSum', ['s'], ['loss'], { keepdims: 0 })],
      inputs: [valueInfo('x', 'float32', ['N', 3, 4, 4]), valueInfo('bias', 'float32', [3, 1, 1])],
      outputs: [valueInfo('loss', 'float32', [])],
    }),
  );
  assert.ok(buildGradient(b, { loss: 'loss', wrt: ['bias'] }).model.graph!.node.some((n) => n.opType === 'NonZero'), 'a broadcast operand still reduces');
});

test('gradient tensors carry their forward tensor’s shape as value_info, and each declared shape is what runs', async () => {
  const gm = buildGradient(convNet(), { loss: 'loss', wrt: ['x'] });
  const g = gm.model.graph!;
  const declared = g.valueInfo.filter((v) => g.node.some((n) => n.name.startsWith('grad') && n.output.includes(v.name)));
  assert.ok(declared.length >= 3, `gradients of c, r, s are declared (got ${declared.length})`);
  // Expose every declared tensor as an output and compare with what onnxruntime computes, at two batch sizes.
  const m = gm.model;
  m.graph!.output.push(...declared.map((v) => valueInfo(v.name, 'float32')));
  const s = await openSession(m, { threads: 1 });
  for (const n of [1, 2]) {
    const out = await s.run({ x: randn([n, 3, 8, 8], 9 + n, 'float32') });
    for (const v of declared) {
      const dims = v.type!.value.case === 'tensorType' ? v.type!.value.value.shape!.dim.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : n)) : [];
      assert.deepEqual(out[v.name]!.dims, dims, v.name);
    }
  }
});
