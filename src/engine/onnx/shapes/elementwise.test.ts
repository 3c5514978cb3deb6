import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TensorProto_DataType as DT } from '../gen/onnx_pb';
import { node } from '../builder';
import { f32, i64 } from '../tensor';
import { inferNodes } from './testing';

test('unary ops keep the shape and element type; predicates answer bool', () => {
  const ctx = inferNodes([node('Relu', ['x'], ['r']), node('IsNaN', ['x'], ['nan']), node('Cast', ['x'], ['c'], { to: DT.INT64 })], { x: ['float32', ['N', 3, 8]] });
  assert.deepEqual(ctx.types.get('r'), { elemType: DT.FLOAT, shape: ['N', 3, 8] });
  assert.deepEqual(ctx.types.get('nan'), { elemType: DT.BOOL, shape: ['N', 3, 8] });
  assert.deepEqual(ctx.types.get('c'), { elemType: DT.INT64, shape: ['N', 3, 8] });
});

test('binary ops broadcast numpy-style; a symbolic dim meeting a number takes the number', () => {
  const ctx = inferNodes(
    [node('Add', ['x', 'b'], ['sum']), node('Mul', ['x', 'y'], ['prod']), node('Less', ['x', 'b'], ['lt']), node('Where', ['lt', 'x', 'b'], ['w'])],
    { x: ['float32', ['N', 3, 1, 5]], y: ['float32', [7, 'M', 4, 1]] },
    { b: f32([4, 1]) },
  );
  assert.deepEqual(ctx.types.get('sum')?.shape, ['N', 3, 4, 5]);
  assert.deepEqual(ctx.types.get('prod')?.shape, [7, 3, 4, 5]);
  assert.deepEqual(ctx.types.get('lt'), { elemType: DT.BOOL, shape: ['N', 3, 4, 5] });
  assert.deepEqual(ctx.types.get('w'), { elemType: DT.FLOAT, shape: ['N', 3, 4, 5] });
});

test('incompatible broadcast leaves the shape unknown but keeps the rank', () => {
  const ctx = inferNodes([node('Add', ['x', 'b'], ['bad'])], { x: ['float32', [2, 3]] }, { b: f32([1, 4, 5]) });
  assert.deepEqual(ctx.types.get('bad'), { elemType: DT.FLOAT, shape: null });
  assert.equal(ctx.rank('bad'), 3);
});

test('arithmetic and comparison on shape values follow symbolic dims where they can', () => {
  const ctx = inferNodes(
    [node('Shape', ['x'], ['s']), node('Mul', ['s', 'two'], ['s2']), node('Equal', ['s', 'zero'], ['is0']), node('Equal', ['s', 'three'], ['is3'])],
    { x: ['float32', ['N', 3]] },
    { two: i64([1], [2]), zero: i64([1], [0]), three: i64([1], [3]) },
  );
  assert.deepEqual(ctx.dims('s2'), ['N*2', 6]);
  assert.deepEqual(ctx.dims('is0'), [0, 0]); // a symbolic dim is at least 1
  assert.equal(ctx.dims('is3'), undefined); // whether N is 3 is open
});
