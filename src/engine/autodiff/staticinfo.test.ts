import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TensorProto_DataLocation } from '../onnx/gen/onnx_pb';
import { graph, node, valueInfo } from '../onnx/builder';
import { f32, i64, tensorToProto } from '../onnx/tensor';
import { constNumbers, staticInfo } from './staticinfo';

test('a view over the shape pass: declarations win, inference fills the rest', () => {
  const g = graph({
    nodes: [
      node('Conv', ['x', 'w'], ['c']),
      node('Shape', ['c'], ['s']),
      node('Constant', [], ['k'], { value: tensorToProto('', i64([2], [4, -1])) }),
      node('Reshape', ['c', 'k'], ['r']),
      node('ReduceSum', ['r', 'ax'], ['sum'], { keepdims: 1 }),
      node('Less', ['r', 'zero'], ['neg']),
    ],
    inputs: [valueInfo('x', 'float32', ['N', 3, 'H', 'W']), valueInfo('ax', 'int64', [1])],
    outputs: [valueInfo('sum', 'float64')],
    initializers: [tensorToProto('w', f32([4, 3, 3, 3])), tensorToProto('zero', f32([], [0]))],
  });
  const info = staticInfo(g);
  assert.equal(info.rank.get('c'), 4); // the shape is unknown (symbolic H, W), the rank is not
  assert.equal(info.shapes.get('c')?.shape, null);
  assert.equal(info.dtype.get('s'), 'int64');
  assert.equal(info.rank.get('s'), 1);
  assert.equal(info.rank.get('r'), 2);
  assert.equal(info.rank.get('sum'), 2);
  assert.equal(info.dtype.get('sum'), 'float64'); // declared
  assert.equal(info.dtype.get('neg'), 'bool');
  assert.deepEqual(constNumbers(info, 'k'), [4, -1]);
  assert.deepEqual(constNumbers(info, 'w')?.length, 4 * 3 * 3 * 3);
  assert.equal(constNumbers(info, 's'), undefined); // a computed value is no constant
});

test('constNumbers: unknown for external data, an error for damaged data', () => {
  const ext = tensorToProto('ext', i64([2], [1, 2]));
  ext.dataLocation = TensorProto_DataLocation.EXTERNAL;
  ext.rawData = new Uint8Array();
  const bad = tensorToProto('bad', i64([2], [1, 2]));
  bad.dims = [3n];
  const g = graph({ nodes: [], inputs: [], outputs: [], initializers: [] });
  const info = staticInfo(g);
  info.consts.set('ext', ext);
  info.consts.set('bad', bad);
  assert.equal(constNumbers(info, 'ext'), undefined);
  assert.throws(() => constNumbers(info, 'bad'), /needs 24 bytes but holds 16/);
});
