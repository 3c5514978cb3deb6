import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graph, model, node, valueInfo } from '../../src/engine/onnx/builder';
import { parseModel, serializeModel } from '../../src/engine/onnx/io';
import { openSession } from '../../src/engine/runtime/session';
import { f32 } from '../../src/engine/onnx/tensor';

test('a built model round-trips through protobuf and runs in onnxruntime', async () => {
  const m = model(
    graph({
      nodes: [node('Relu', ['x'], ['y'])],
      inputs: [valueInfo('x', 'float32', [2, 2])],
      outputs: [valueInfo('y', 'float32', [2, 2])],
    }),
  );
  const back = parseModel(serializeModel(m));
  const s = await openSession(back);
  const out = await s.run({ x: f32([2, 2], [-1, 2, -3, 4]) });
  assert.deepEqual([...out.y!.data], [0, 2, 0, 4]);
  assert.equal(s.provider.active, 'cpu');
});
