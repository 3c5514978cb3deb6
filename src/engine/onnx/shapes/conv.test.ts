import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TensorProto_DataType as DT } from '../gen/onnx_pb';
import { node } from '../builder';
import { f32 } from '../tensor';
import { inferNodes } from './testing';

test('Conv, ConvTranspose and pools size their windows', () => {
  const ctx = inferNodes(
    [
      node('Conv', ['x', 'w'], ['conv'], { strides: [2, 3], pads: [1, 0, 2, 1], dilations: [1, 2] }),
      node('Conv', ['x', 'w'], ['same'], { strides: [2, 2], auto_pad: 'SAME_UPPER' }),
      node('ConvTranspose', ['same', 'wt'], ['up'], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }),
      node('MaxPool', ['conv'], ['pool', 'idx'], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }),
      node('GlobalAveragePool', ['conv'], ['gap']),
    ],
    { x: ['float32', ['N', 3, 17, 23]] },
    { w: f32([4, 3, 3, 3]), wt: f32([4, 6, 3, 3]) },
  );
  assert.deepEqual(ctx.types.get('conv')?.shape, ['N', 4, 9, 7]);
  assert.deepEqual(ctx.types.get('same')?.shape, ['N', 4, 9, 12]);
  assert.deepEqual(ctx.types.get('up')?.shape, ['N', 6, 18, 24]);
  assert.deepEqual(ctx.types.get('pool')?.shape, ['N', 4, 4, 3]);
  assert.deepEqual(ctx.types.get('idx'), { elemType: DT.INT64, shape: ['N', 4, 4, 3] });
  assert.deepEqual(ctx.types.get('gap')?.shape, ['N', 4, 1, 1]);
});

test('a symbolic spatial dim leaves the shape unknown, the rank known', () => {
  const ctx = inferNodes([node('Conv', ['x', 'w'], ['conv'])], { x: ['float32', ['N', 3, 'H', 8]] }, { w: f32([4, 3, 3, 3]) });
  assert.deepEqual(ctx.types.get('conv'), { elemType: DT.FLOAT, shape: null });
  assert.equal(ctx.rank('conv'), 4);
});
