import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TensorProto_DataType as DT } from '../gen/onnx_pb';
import { node } from '../builder';
import { f32, i64 } from '../tensor';
import { inferNodes } from './testing';

test('Constant, Shape (start/end), Size and ConstantOfShape', () => {
  const ctx = inferNodes(
    [
      node('Constant', [], ['c'], { value_ints: [2, 3] }),
      node('Shape', ['x'], ['hw'], { start: -2 }),
      node('Size', ['x'], ['n']),
      node('ConstantOfShape', ['c'], ['zeros']),
    ],
    { x: ['float32', ['N', 3, 8, 9]] },
  );
  assert.deepEqual(ctx.types.get('c'), { elemType: DT.INT64, shape: [2] });
  assert.deepEqual(ctx.dims('c'), [2, 3]);
  assert.deepEqual(ctx.dims('hw'), [8, 9]);
  assert.deepEqual(ctx.types.get('n'), { elemType: DT.INT64, shape: [] });
  assert.deepEqual(ctx.types.get('zeros'), { elemType: DT.FLOAT, shape: [2, 3] });
  assert.deepEqual(ctx.dims('zeros'), [0, 0, 0, 0, 0, 0]);
});

test('ConstantOfShape with a negative dim is no shape and no value (it used to throw inside inference)', () => {
  const ctx = inferNodes([node('ConstantOfShape', ['s'], ['z'])], {}, { s: i64([2], [-1, 3]) });
  assert.equal(ctx.types.get('z')?.shape, null);
  assert.equal(ctx.dims('z'), undefined);
});

test('NonZero answers int64 indices of rank 2 whose count only a run knows', () => {
  const ctx = inferNodes([node('NonZero', ['x'], ['nz'])], {}, { x: f32([2, 2]) });
  assert.deepEqual(ctx.types.get('nz'), { elemType: DT.INT64, shape: null });
  assert.equal(ctx.rank('nz'), 2);
});
