import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { inferShapes } from '../../../src/engine/onnx/shapes/index';
import { f32, i64, tensorToProto } from '../../../src/engine/onnx/tensor';
import { openSession } from '../../../src/engine/runtime/session';
import { randomF32 } from '../../helpers/models';

/** Many ops with awkward attributes; every static shape must equal what onnxruntime computes. */
test('static shapes agree with onnxruntime on a zoo of ops', async () => {
  const nodes = [
    node('Conv', ['x', 'w'], ['conv'], { strides: [2, 3], pads: [1, 0, 2, 1], dilations: [1, 2] }),
    node('Conv', ['x', 'w'], ['conv_same'], { strides: [2, 2], auto_pad: 'SAME_UPPER' }),
    node('MaxPool', ['conv'], ['pool_ceil'], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }),
    node('AveragePool', ['conv'], ['avg'], { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 1, 0, 1] }),
    node('ConvTranspose', ['conv', 'wt'], ['deconv'], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 0] }),
    node('Resize', ['deconv', '', 'scales'], ['resized'], { mode: 'linear' }),
    node('Resize', ['deconv', '', '', 'sizes'], ['resized2'], { mode: 'nearest' }),
    node('Pad', ['conv', 'pads'], ['padded']),
    node('Shape', ['conv'], ['shape']),
    node('Gather', ['shape', 'idx0'], ['batch_dim']),
    node('Unsqueeze', ['batch_dim', 'axes0'], ['batch_1d']),
    node('Concat', ['batch_1d', 'minus1'], ['flat_shape'], { axis: 0 }),
    node('Reshape', ['conv', 'flat_shape'], ['flat']),
    node('Flatten', ['conv'], ['flatten'], { axis: 2 }),
    node('Transpose', ['conv'], ['tr'], { perm: [0, 2, 3, 1] }),
    node('Slice', ['conv', 'starts', 'ends', 'axes23'], ['sliced']),
    node('ReduceMean', ['conv'], ['mean'], { axes: [2, 3], keepdims: 0 }),
    node('Split', ['conv'], ['s0', 's1'], { axis: 1 }),
    node('MatMul', ['flat', 'mm'], ['mm_out']),
    node('Add', ['conv', 'bias'], ['biased']),
    node('GlobalAveragePool', ['conv'], ['gap']),
    node('DepthToSpace', ['conv'], ['d2s'], { blocksize: 2 }),
    node('Concat', ['conv', 'conv_same_crop'], ['cat'], { axis: 1 }),
    node('Slice', ['conv_same', 'starts0', 'ends_crop', 'axes23'], ['conv_same_crop']),
  ];
  const m = model(
    graph({
      nodes: [...nodes.slice(0, -2), nodes.at(-1)!, nodes.at(-2)!],
      inputs: [valueInfo('x', 'float32', [2, 3, 17, 23])],
      outputs: nodes.flatMap((n) => n.output).map((o) => valueInfo(o, o === 'shape' || o === 'batch_dim' || o === 'batch_1d' || o === 'flat_shape' ? 'int64' : 'float32')),
      initializers: [
        tensorToProto('w', randomF32([4, 3, 3, 3], 1)),
        tensorToProto('wt', randomF32([4, 6, 3, 3], 2)),
        tensorToProto('scales', f32([4], [1, 1, 1.5, 2])),
        tensorToProto('sizes', i64([4], [2, 6, 7, 9])),
        tensorToProto('pads', i64([8], [0, 0, 1, 2, 0, 0, 3, 4])),
        tensorToProto('idx0', i64([], [0])),
        tensorToProto('axes0', i64([1], [0])),
        tensorToProto('minus1', i64([1], [-1])),
        tensorToProto('starts', i64([2], [1, -5])),
        tensorToProto('ends', i64([2], [100, -1])),
        tensorToProto('starts0', i64([2], [0, 0])),
        tensorToProto('ends_crop', i64([2], [9, 7])),
        tensorToProto('axes23', i64([2], [2, 3])),
        tensorToProto('mm', randomF32([4 * 9 * 7, 5], 3)),
        tensorToProto('bias', randomF32([4, 1, 1], 4)),
      ],
    }),
  );
  const types = inferShapes(m.graph!);
  const session = await openSession(m);
  const out = await session.run({ x: randomF32([2, 3, 17, 23], 5) });
  for (const [name, t] of Object.entries(out)) {
    assert.deepEqual(types.get(name)?.shape, t.dims, `shape of ${name}`);
  }
  assert.deepEqual(types.get('flat_shape')?.shape, [2]);
});

test('symbolic batch dims survive reshape and flatten', () => {
  const m = model(
    graph({
      nodes: [node('Gemm', ['z', 'w'], ['h'], { transB: 1 }), node('Reshape', ['h', 'shape'], ['r']), node('Flatten', ['r'], ['f'])],
      inputs: [valueInfo('z', 'float32', ['batch', 8])],
      outputs: [valueInfo('f', 'float32')],
      initializers: [tensorToProto('w', randomF32([64, 8], 1)), tensorToProto('shape', i64([4], [-1, 4, 4, 4]))],
    }),
  );
  const types = inferShapes(m.graph!);
  assert.deepEqual(types.get('r')?.shape, ['batch', 4, 4, 4]);
  assert.deepEqual(types.get('f')?.shape, ['batch', 64]);
});

/** torch.onnx's lowerings of F.pad, expand and repeat build their targets from Shape ops; the batch stays symbolic. */
test('shape values carry a symbolic batch through pad, expand and tile lowerings, and agree with onnxruntime', async () => {
  const c = (name: string, values: number[], dims = [values.length]): ReturnType<typeof tensorToProto> => tensorToProto(name, i64(dims, values));
  const nodes = [
    // F.pad(x, [1, 2]): [1, 2] + zeros → [-1, 2] → reversed rows → transposed → flat
    node('ConstantOfShape', ['six'], ['zeros'], { value: tensorToProto('v', i64([1], [0])) }),
    node('Concat', ['pad12', 'zeros'], ['pad_list'], { axis: 0 }),
    node('Reshape', ['pad_list', 'minus1_2'], ['pad_pairs']),
    node('Slice', ['pad_pairs', 'minus1', 'int_min', 'zero', 'minus1'], ['pad_rev']),
    node('Transpose', ['pad_rev'], ['pad_t'], { perm: [1, 0] }),
    node('Reshape', ['pad_t', 'minus1'], ['pad_flat']),
    node('Cast', ['pad_flat'], ['pads'], { to: 7 }),
    node('Pad', ['x', 'pads'], ['padded']),
    // param.expand(N, -1, -1, -1): Where(target == -1, 1, target)
    node('Shape', ['x'], ['shape']),
    node('Gather', ['shape', 'zero_scalar'], ['n']),
    node('Unsqueeze', ['n', 'zero'], ['n1']),
    node('Concat', ['n1', 'minus1', 'minus1', 'minus1'], ['target'], { axis: 0 }),
    node('ConstantOfShape', ['four'], ['ones'], { value: tensorToProto('v', i64([1], [1])) }),
    node('Mul', ['ones', 'minus1_scalar'], ['minus_ones']),
    node('Equal', ['target', 'minus_ones'], ['is_free']),
    node('Where', ['is_free', 'ones', 'target'], ['expand_to']),
    node('Expand', ['param', 'expand_to'], ['expanded']),
    // param.repeat(N, 1, 1, 1)
    node('Concat', ['n1', 'one', 'one', 'one'], ['reps'], { axis: 0 }),
    node('Tile', ['param', 'reps'], ['tiled']),
  ];
  const outputs = ['padded', 'expanded', 'tiled'];
  const m = model(
    graph({
      nodes,
      inputs: [valueInfo('x', 'float32', ['batch', 4, 5, 6])],
      outputs: outputs.map((o) => valueInfo(o, 'float32')),
      initializers: [
        c('six', [6]), c('four', [4]), c('pad12', [1, 2]), c('minus1_2', [-1, 2]), c('minus1', [-1]), c('int_min', [-(2 ** 53)]),
        c('zero', [0]), c('one', [1]), c('zero_scalar', [0], []), c('minus1_scalar', [-1], []),
        tensorToProto('param', randomF32([1, 4, 5, 6], 1)),
      ],
    }),
  );
  const types = inferShapes(m.graph!);
  assert.deepEqual(types.get('padded')?.shape, ['batch', 4, 5, 9]);
  assert.deepEqual(types.get('expanded')?.shape, ['batch', 4, 5, 6]);
  assert.deepEqual(types.get('tiled')?.shape, ['batch', 4, 5, 6]);
  const out = await (await openSession(m)).run({ x: randomF32([3, 4, 5, 6], 2) });
  for (const o of outputs) assert.deepEqual(types.get(o)!.shape!.map((d) => (d === 'batch' ? 3 : d)), out[o]!.dims, o);
});
