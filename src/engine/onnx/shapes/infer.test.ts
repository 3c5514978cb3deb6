import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TensorProto_DataType as DT } from '../gen/onnx_pb';
import { graph, node, valueInfo } from '../builder';
import { i64, tensorToProto } from '../tensor';
import { isGanLensError } from '../../util/errors';
import { inferShapes, ruleFor, runInference, SHAPE_RULES } from './index';
import { unknownOutputs } from './context';
import { inferNodes } from './testing';

test('an op without a rule keeps its first input element type and leaves every output shape unknown', () => {
  const ctx = inferNodes([node('LSTMish', ['x'], ['a', 'b']), node('Relu', ['a'], ['r'])], { x: ['float32', ['N', 4]] });
  assert.deepEqual(ctx.types.get('a'), { elemType: DT.FLOAT, shape: null });
  assert.deepEqual(ctx.types.get('b'), { elemType: DT.FLOAT, shape: null });
  assert.equal(ctx.rank('a'), undefined);
  assert.deepEqual(ctx.types.get('r'), { elemType: DT.FLOAT, shape: null });
});

test('an op of another domain is unknown even where a standard op has its name', () => {
  const n = node('Conv', ['x', 'w'], ['y'], {}, 'fused', 'com.microsoft');
  assert.equal(ruleFor(n), unknownOutputs);
  assert.equal(ruleFor(node('Conv', ['x', 'w'], ['y'])), SHAPE_RULES.get('Conv'));
});

test('the table has a rule for every op family', () => {
  for (const op of ['Relu', 'Add', 'Equal', 'Where', 'Conv', 'MaxPool', 'MatMul', 'Gemm', 'ReduceMean', 'ArgMax', 'Reshape', 'Transpose', 'Concat', 'Slice', 'Gather', 'Resize', 'Shape', 'Constant']) {
    assert.ok(SHAPE_RULES.has(op), op);
  }
  assert.equal(SHAPE_RULES.get('constructor'), undefined); // no prototype keys
});

test('declared value_info fills what inference cannot know', () => {
  const g = graph({
    nodes: [node('Mystery', ['x'], ['y']), node('Relu', ['y'], ['z'])],
    inputs: [valueInfo('x', 'float32', ['N', 4])],
    outputs: [valueInfo('z', 'float32', ['N', 4])],
    valueInfo: [valueInfo('y', 'float32', ['batch', 4])],
  });
  assert.equal(inferShapes(g).get('y')?.shape, null);
  const filled = inferShapes(g, { useValueInfo: true, renameSymbol: (s) => (s === 'batch' ? 'N' : s) });
  assert.deepEqual(filled.get('y'), { elemType: DT.FLOAT, shape: ['N', 4] });
  assert.deepEqual(filled.get('z'), { elemType: DT.FLOAT, shape: ['N', 4] });
});

test('a damaged constant is an error naming the node, its op and its input shapes', () => {
  const damaged = tensorToProto('', i64([2], [1, 2]));
  damaged.dims = [3n];
  const g = graph({
    nodes: [node('ConstantOfShape', ['s'], ['z'], { value: damaged }, 'fill')],
    inputs: [],
    outputs: [],
    initializers: [tensorToProto('s', i64([2], [2, 3]))],
  });
  assert.throws(
    () => runInference(g),
    (e: unknown) => isGanLensError(e) && e.kind === 'bad-input' && /node 'fill' \(ConstantOfShape\) with inputs s: \[2\]/.test(e.message) && /needs 24 bytes/.test(e.message),
  );
});
