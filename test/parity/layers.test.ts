/** Parity: layer analysis of torchvision exports and a DCGAN-style generator exported by PyTorch 1.13. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLayer } from '../../src/engine/onnx/analysis';
import { analyzeModel } from '../../src/engine/model/analyze';
import { readModel } from '../../src/engine/onnx/io';
import { cut } from '../../src/engine/onnx/surgery';
import { openSession } from '../../src/engine/runtime/session';
import type { ModelAnalysis } from '../../src/protocol/model';
import { torchvisionFixtures } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';
import { randomF32 } from '../helpers/models';

const fx = torchvisionFixtures();

function expectLayer(a: ModelAnalysis, alias: string, shape: (number | string)[], distance: number | null): void {
  const l = resolveLayer(a, alias);
  assert.deepEqual(l.shape, shape, `${alias} shape`);
  assert.equal(l.samplingDistance, distance, `${alias} sampling distance`);
  assert.equal(l.shapeSource, 'static', `${alias} shape source`);
  if (shape.length === 4) assert.deepEqual(l.spatial, shape.slice(2), `${alias} spatial`);
}

test('ResNet50 at 224²: layer1..layer4 are 256×56², 512×28², 1024×14², 2048×7² at distances 2..5', async () => {
  const a = await analyzeModel(fx.models.resnet50!.path);
  assert.equal(a.summary.kind, 'extractor');
  assert.deepEqual(a.summary.inputs, [{ name: 'image', dtype: 'float32', shape: ['N', 3, 224, 224], role: 'image' }]);
  expectLayer(a, 'layer1', ['N', 256, 56, 56], 2);
  expectLayer(a, 'layer2', ['N', 512, 28, 28], 3);
  expectLayer(a, 'layer3', ['N', 1024, 14, 14], 4);
  expectLayer(a, 'layer4', ['N', 2048, 7, 7], 5);
  expectLayer(a, 'relu', ['N', 64, 112, 112], 1);
  expectLayer(a, 'layer2.1', ['N', 512, 28, 28], 3);
  expectLayer(a, 'fc', ['N', 1000], null);
  assert.equal(resolveLayer(a, 'layer2').name, 'layer2.3.relu_2');
  assert.equal(resolveLayer(a, 'layer2.3.relu_2').tensor, '/layer2/layer2.3/relu_2/Relu_output_0');
  assert.ok(a.layers.every((l) => l.shapeSource === 'static'));
});

test('ResNet50 at 320×256: shapes and distances follow the input size', async () => {
  const a = await analyzeModel(fx.models.resnet50!.path, { inputSize: [320, 256] });
  expectLayer(a, 'layer1', ['N', 256, 80, 64], 2);
  expectLayer(a, 'layer4', ['N', 2048, 10, 8], 5);
});

test('ResNet34 and VGG19-bn layers', async () => {
  const r = await analyzeModel(fx.models.resnet34!.path);
  expectLayer(r, 'layer1', ['N', 64, 56, 56], 2);
  expectLayer(r, 'layer2', ['N', 128, 28, 28], 3);
  expectLayer(r, 'layer3', ['N', 256, 14, 14], 4);
  expectLayer(r, 'layer4', ['N', 512, 7, 7], 5);
  const v = await analyzeModel(fx.models.vgg19_bn!.path);
  expectLayer(v, 'features.2', ['N', 64, 224, 224], 0);
  expectLayer(v, 'features.6', ['N', 64, 112, 112], 1);
  expectLayer(v, 'features.13', ['N', 128, 56, 56], 2);
  expectLayer(v, 'features.26', ['N', 256, 28, 28], 3);
  expectLayer(v, 'features.39', ['N', 512, 14, 14], 4);
  expectLayer(v, 'features.52', ['N', 512, 7, 7], 5);
  expectLayer(v, 'classifier.1', ['N', 4096], null);
});

test('DCGAN generator: latent input, hidden layers at up-sampling distances to the 64² output', async () => {
  const a = await analyzeModel(fx.models.dcgan!.path);
  assert.equal(a.summary.kind, 'generator');
  assert.deepEqual(a.summary.inputs.map((i) => [i.name, i.role]), [['z', 'latent']]);
  expectLayer(a, 'Reshape', ['N', 256, 4, 4], 4);
  expectLayer(a, 'blocks.0', ['N', 128, 8, 8], 3);
  expectLayer(a, 'blocks.1', ['N', 64, 16, 16], 2);
  expectLayer(a, 'blocks.2.up', ['N', 64, 32, 32], 1);
  expectLayer(a, 'blocks.2', ['N', 32, 32, 32], 1);
  expectLayer(a, 'blocks.3', ['N', 16, 64, 64], 0);
  expectLayer(a, 'to_rgb', ['N', 3, 64, 64], 0);
});

test('static shapes of every tensor equal what onnxruntime computes (ResNet50, VGG19-bn, DCGAN)', async () => {
  for (const name of ['resnet50', 'vgg19_bn', 'dcgan']) {
    const m = fx.models[name]!;
    const model = readModel(m.path);
    const a = await analyzeModel(model, { file: m.path });
    const tensors = a.layers.map((l) => l.tensor);
    const s = await openSession(cut(model, tensors));
    const out = await s.run({ [m.input]: randomF32(m.inputShape, 1) });
    for (const l of a.layers) {
      assert.deepEqual(l.shape!.map((d) => (d === 'N' ? 1 : d)), out[l.tensor]!.dims, `${name} ${l.name}`);
    }
  }
});

test('gan-lens layers on the ResNet50 export', async () => {
  const r = await runCli(['layers', fx.models.resnet50!.path]);
  assert.equal(r.code, 0, r.stderr);
  const row = r.stdout.split('\n').find((l) => l.startsWith('layer3.5.relu_2'));
  assert.match(row ?? '', /^layer3\.5\.relu_2\s+layer3\.5 layer3\s+Relu\s+\[N, 1024, 14, 14\]\s+14×14\s+4$/);
  const json = JSON.parse((await runCli(['layers', fx.models.dcgan!.path, '--json'])).stdout) as ModelAnalysis;
  assert.equal(resolveLayer(json, 'blocks.1').samplingDistance, 2);
});

test('op types of the exports', async () => {
  const ops = new Set<string>();
  for (const m of Object.values(fx.models)) for (const op of Object.keys((await analyzeModel(m.path, { probe: false })).summary.opCounts)) ops.add(op);
  assert.deepEqual([...ops].sort(), [
    'Add', 'AveragePool', 'BatchNormalization', 'Constant', 'Conv', 'ConvTranspose', 'Flatten', 'Gemm', 'GlobalAveragePool',
    'Identity', 'LeakyRelu', 'MaxPool', 'Relu', 'Reshape', 'Resize', 'Tanh',
  ]);
});
