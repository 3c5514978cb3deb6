// Exported generators keep H and W symbolic (`Tanhimage_dim_2`): the analysis sizes them by propagating shape values
// with the batch kept symbolic, else with probing runs; it shows the batch as N and never an exporter's symbol names.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveLayer } from '../../../src/engine/onnx/analysis';
import { analyzeModel } from '../../../src/engine/model/analyze';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { f32, i64, tensorToProto } from '../../../src/engine/onnx/tensor';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { writeModel } from '../../../src/engine/onnx/io';
import { randomF32, weightCopyExtractor } from '../../helpers/models';
import { runCli } from '../../helpers/cli';
import type { LayerInfo, ModelAnalysis } from '../../../src/protocol/model';

const DEMO = join(__dirname, '..', '..', '..', 'demo', 'models');

after(() => clearSessionCache());

/** No dim is an exporter's symbol: numbers, N or N*k only. */
function assertConcrete(l: { name: string; shape: LayerInfo['shape'] }): void {
  assert.ok(l.shape, `${l.name} has no shape`);
  for (const d of l.shape) assert.ok(typeof d === 'number' || /^N(\*\d+)?$/.test(d), `${l.name}: dim ${d} in [${l.shape.join(', ')}]`);
}

for (const file of ['generator.onnx', 'generator-wide.onnx']) {
  test(`demo ${file}: every layer concrete, every spatial layer a sampling distance`, async () => {
    const a = await analyzeModel(join(DEMO, file));
    assert.equal(a.summary.kind, 'generator');
    assert.deepEqual(a.summary.outputs.map((o) => o.shape), [['N', 3, 128, 128]]);
    for (const l of a.layers) assertConcrete(l);
    const spatial = a.layers.filter((l) => l.shape!.length === 4);
    assert.ok(spatial.length > 20);
    for (const l of spatial) assert.equal(typeof l.samplingDistance, 'number', `${l.name} has no sampling distance`);
    assert.equal(resolveLayer(a, 'Reshape').samplingDistance, 5);
    assert.equal(resolveLayer(a, 'blocks.2').samplingDistance, 2);
    assert.equal(resolveLayer(a, 'blocks.3').samplingDistance, 1);
    assert.equal(resolveLayer(a, 'blocks.4').samplingDistance, 0);
    // the attention block's reshapes take their targets from Shape → Gather → Concat with a symbolic batch
    assert.deepEqual(resolveLayer(a, 'attn.Reshape').shape, ['N', 4, 1024]);
    assert.deepEqual(resolveLayer(a, 'attn.MatMul').shape, ['N', 1024, 256]);
    assert.ok(a.layers.every((l) => l.shapeSource === 'static'));
  });
}

test('the demo generator is sized without running it (restricted mode)', async () => {
  const a = await analyzeModel(join(DEMO, 'generator.onnx'), { probe: false });
  assert.deepEqual(a.summary.outputs[0]!.shape, ['N', 3, 128, 128]);
  assert.equal(resolveLayer(a, 'blocks.2').samplingDistance, 2);
});

/**
 * StyleGAN2's modulated convolution pattern: features [N, C, H, W] folded into one group per sample, [1, N*C, H, W],
 * then unfolded; the output's H, W are exporter symbols.
 */
function foldingGenerator(): ReturnType<typeof model> {
  return model(
    graph({
      nodes: [
        node('Gemm', ['z', 'fc.weight'], ['/fc/Gemm_output_0'], { transB: 1 }, '/fc/Gemm'),
        node('Reshape', ['/fc/Gemm_output_0', 'to_4x4'], ['/b4/Reshape_output_0'], {}, '/b4/Reshape'),
        node('Reshape', ['/b4/Reshape_output_0', 'fold'], ['/b4/conv/Reshape_output_0'], {}, '/b4/conv/Reshape'),
        node('Relu', ['/b4/conv/Reshape_output_0'], ['/b4/conv/Relu_output_0'], {}, '/b4/conv/Relu'),
        node('Reshape', ['/b4/conv/Relu_output_0', 'to_4x4'], ['/b4/conv/Reshape_1_output_0'], {}, '/b4/conv/Reshape_1'),
        node('Resize', ['/b4/conv/Reshape_1_output_0', '', 'scales2'], ['/b8/up/Resize_output_0'], { mode: 'nearest' }, '/b8/up/Resize'),
        node('Conv', ['/b8/up/Resize_output_0', 'rgb.weight'], ['img'], { kernel_shape: [1, 1] }, '/b8/torgb/Conv'),
      ],
      inputs: [valueInfo('z', 'float32', ['batch', 8])],
      outputs: [valueInfo('img', 'float32', ['batch', 3, 'Convimg_dim_2', 'Convimg_dim_3'])],
      initializers: [
        tensorToProto('fc.weight', randomF32([64, 8], 1)),
        tensorToProto('to_4x4', i64([4], [-1, 4, 4, 4])),
        tensorToProto('fold', i64([4], [1, -1, 4, 4])),
        tensorToProto('scales2', f32([4], [1, 1, 2, 2])),
        tensorToProto('rgb.weight', randomF32([3, 4, 1, 1], 2)),
      ],
    }),
  );
}

test('dims that grow with the batch (grouped per-sample convolutions) show as N*k', async () => {
  const a = await analyzeModel(foldingGenerator());
  const folded = a.layers.find((l) => l.tensor === '/b4/conv/Reshape_output_0')!;
  assert.deepEqual(folded.shape, [1, 'N*4', 4, 4]);
  assert.equal(folded.shapeSource, 'probe');
  assert.deepEqual(a.layers.find((l) => l.tensor === '/b4/conv/Reshape_1_output_0')!.shape, ['N', 4, 4, 4]);
  assert.deepEqual(a.summary.outputs[0]!.shape, ['N', 3, 8, 8]);
  assert.equal(a.layers.find((l) => l.tensor === '/b4/Reshape_output_0')!.samplingDistance, 1);
  assert.equal(a.layers.find((l) => l.tensor === '/b8/up/Resize_output_0')!.samplingDistance, 0);
});

test('without probing, dims nothing could size show as ?, never as the exporter named them', async () => {
  const a = await analyzeModel(foldingGenerator(), { probe: false });
  assert.deepEqual(a.summary.outputs[0]!.shape, ['N', 3, '?', '?']);
  assert.deepEqual(a.layers.find((l) => l.tensor === 'img')!.shape, ['N', 3, '?', '?']);
  assert.equal(a.layers.find((l) => l.tensor === '/b4/Reshape_output_0')!.samplingDistance, null);
});

test('a model whose batch is fixed keeps the numbers of its one probing run', async () => {
  const m = foldingGenerator();
  m.graph!.input[0] = valueInfo('z', 'float32', [1, 8]);
  const a = await analyzeModel(m);
  assert.deepEqual(a.layers.find((l) => l.tensor === '/b4/conv/Reshape_output_0')!.shape, [1, 4, 4, 4]);
  assert.deepEqual(a.summary.outputs[0]!.shape, [1, 3, 8, 8]);
});

test('tensors computed from weights alone (onnx::Conv_NNN Identity copies) are marked constant; layers --all lists them', async () => {
  const a = await analyzeModel(weightCopyExtractor());
  assert.deepEqual(a.layers.filter((l) => l.constant).map((l) => l.tensor), ['onnx::Conv_12', 'scaled_weight']);
  assert.deepEqual(a.layers.filter((l) => !l.constant).map((l) => l.tensor), ['/conv/Conv_output_0', 'out']);
  // a 4-D weight is no feature map: no spatial size, no sampling distance
  assert.deepEqual(a.layers.find((l) => l.tensor === 'onnx::Conv_12')?.shape, [4, 3, 1, 1]);
  assert.equal(a.layers.find((l) => l.tensor === 'onnx::Conv_12')?.spatial, null);

  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-constants-'));
  const file = join(dir, 'copies.onnx');
  writeModel(file, weightCopyExtractor());
  const plain = await runCli(['layers', file]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.doesNotMatch(plain.stdout, /onnx::Conv_12/);
  assert.match(plain.stdout, /2 tensors computed from weights alone not shown; --all lists them/);
  const all = await runCli(['layers', file, '--all']);
  assert.match(all.stdout, /^onnx::Conv_12\s+Identity\s+\[4, 3, 1, 1\]/m);
  const json = JSON.parse((await runCli(['layers', file, '--json'])).stdout) as ModelAnalysis;
  assert.deepEqual(json.layers.map((l) => l.tensor), ['/conv/Conv_output_0', 'out']);
  rmSync(dir, { recursive: true, force: true });
});
