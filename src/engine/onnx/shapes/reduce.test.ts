import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TensorProto_DataType as DT } from '../gen/onnx_pb';
import { node } from '../builder';
import { i64 } from '../tensor';
import { inferNodes } from './testing';

test('reductions keep or drop the reduced axes; ArgMax answers int64', () => {
  const ctx = inferNodes(
    [
      node('ReduceMean', ['x'], ['m'], { axes: [2, -1], keepdims: 0 }),
      node('ReduceSum', ['x', 'axes'], ['s']),
      node('ReduceMax', ['x'], ['all'], { keepdims: 0 }),
      node('ArgMax', ['x'], ['arg'], { axis: 1 }),
    ],
    { x: ['float32', ['N', 3, 4, 5]] },
    { axes: i64([1], [1]) },
  );
  assert.deepEqual(ctx.types.get('m')?.shape, ['N', 3]);
  assert.deepEqual(ctx.types.get('s')?.shape, ['N', 1, 4, 5]);
  assert.deepEqual(ctx.types.get('all')?.shape, []);
  assert.deepEqual(ctx.types.get('arg'), { elemType: DT.INT64, shape: ['N', 1, 4, 5] });
});

test('axes only known at run time leave the shape unknown; keepdims keeps the rank', () => {
  const ctx = inferNodes([node('ReduceSum', ['x', 'ax'], ['s']), node('ReduceSum', ['x', 'ax'], ['d'], { keepdims: 0 })], { x: ['float32', [2, 3]], ax: ['int64', [1]] });
  assert.equal(ctx.types.get('s')?.shape, null);
  assert.equal(ctx.rank('s'), 2);
  assert.equal(ctx.rank('d'), undefined);
});
