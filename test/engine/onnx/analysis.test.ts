import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLayer } from '../../../src/engine/onnx/analysis';
import { analyzeModel } from '../../../src/engine/model/analyze';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { tensorToProto } from '../../../src/engine/onnx/tensor';
import { isGanLensError } from '../../../src/engine/util/errors';
import { randomF32, tinyExtractor, tinyGenerator } from '../../helpers/models';

test('extractor: shapes, spatial sizes and down-sampling distances by static inference', async () => {
  const a = await analyzeModel(tinyExtractor(), { file: 'tiny.onnx' });
  assert.equal(a.summary.kind, 'extractor');
  assert.deepEqual(a.summary.inputs, [{ name: 'image', dtype: 'float32', shape: ['N', 3, 32, 32], role: 'image' }]);
  const block1 = resolveLayer(a, 'block1');
  assert.equal(block1.tensor, '/block1/act/Relu_output_0');
  assert.equal(block1.name, 'block1.act');
  assert.deepEqual(block1.shape, ['N', 8, 16, 16]);
  assert.deepEqual(block1.spatial, [16, 16]);
  assert.equal(block1.samplingDistance, 1);
  assert.equal(block1.shapeSource, 'static');
  const block2 = resolveLayer(a, 'block2');
  assert.deepEqual(block2.shape, ['N', 16, 8, 8]);
  assert.equal(block2.samplingDistance, 2);
  assert.equal(resolveLayer(a, 'Flatten').samplingDistance, null);
  assert.deepEqual(resolveLayer(a, 'fc').shape, ['N', 10]);
  assert.deepEqual(a.summary.opCounts, { Conv: 3, Relu: 3, Add: 1, GlobalAveragePool: 1, Flatten: 1, Gemm: 1 });
  assert.equal(a.summary.parameterCount, 8 * 27 + 8 + 8 * 72 + 16 * 72 + 160 + 10);
  assert.ok(a.layers.every((l) => l.shapeSource === 'static'));
});

test('extractor analysed at another input size', async () => {
  const a = await analyzeModel(tinyExtractor(), { inputSize: [64, 96] });
  assert.deepEqual(a.summary.inputs[0]!.shape, ['N', 3, 64, 96]);
  const block2 = resolveLayer(a, 'block2');
  assert.deepEqual(block2.shape, ['N', 16, 16, 24]);
  assert.equal(block2.samplingDistance, 2);
});

test('generator: input roles and up-sampling distances to the output', async () => {
  const a = await analyzeModel(tinyGenerator());
  assert.equal(a.summary.kind, 'generator');
  assert.deepEqual(a.summary.inputs.map((i) => [i.name, i.role]), [['z', 'latent'], ['noise', 'noise'], ['class', 'class']]);
  assert.deepEqual(resolveLayer(a, 'Reshape').shape, ['N', 8, 4, 4]);
  assert.equal(resolveLayer(a, 'Reshape').samplingDistance, 2);
  assert.equal(resolveLayer(a, 'up0').samplingDistance, 1);
  assert.deepEqual(resolveLayer(a, 'up1.up').shape, ['N', 8, 16, 16]);
  assert.equal(resolveLayer(a, 'up1').samplingDistance, 0);
  assert.deepEqual(resolveLayer(a, 'embed').shape, ['N', 128]);
  assert.deepEqual(a.summary.outputs, [{ name: 'image_out', dtype: 'float32', shape: ['N', 3, 16, 16] }]);
});

test('ops static inference does not know are sized by one probing run', async () => {
  const m = model(
    graph({
      nodes: [
        node('Conv', ['image', 'w'], ['c'], { strides: [2, 2] }, '/conv/Conv'),
        node('Einsum', ['c'], ['t'], { equation: 'nchw->nhwc' }, '/perm/Einsum'),
        node('Relu', ['t'], ['r'], {}, '/act/Relu'),
      ],
      inputs: [valueInfo('image', 'float32', [1, 3, 'h', 'w'])],
      outputs: [valueInfo('r', 'float32')],
      initializers: [tensorToProto('w', randomF32([4, 3, 2, 2], 1))],
    }),
  );
  const a = await analyzeModel(m, { inputSize: [20, 30] });
  const conv = a.layers.find((l) => l.tensor === 'c')!;
  assert.deepEqual(conv.shape, [1, 4, 10, 15]);
  assert.equal(conv.shapeSource, 'static');
  assert.equal(conv.samplingDistance, 1);
  const t = a.layers.find((l) => l.tensor === 't')!;
  assert.deepEqual(t.shape, [1, 10, 15, 4]);
  assert.equal(t.shapeSource, 'probe');
  assert.equal(a.layers.find((l) => l.tensor === 'r')!.shapeSource, 'probe');
  // default size for a symbolic image input
  const b = await analyzeModel(m);
  assert.deepEqual(b.layers.find((l) => l.tensor === 't')!.shape, [1, 112, 112, 4]);
});

test('unknown layer names fail with close matches', async () => {
  const a = await analyzeModel(tinyExtractor(), { file: 'tiny.onnx' });
  assert.throws(
    () => resolveLayer(a, 'blok2'),
    (e: unknown) => isGanLensError(e) && e.kind === 'bad-input' && /'blok2'/.test(e.message) && /'block2'/.test(e.message) && /tiny\.onnx/.test(e.message),
  );
  assert.equal(resolveLayer(a, '/block2/act/Relu_output_0').name, 'block2.act');
  assert.equal(resolveLayer(a, 'BLOCK2').name, 'block2.act');
});
