// invert-generator's default layer and the synthesis.bK aliases on generators built like the real architectures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/engine/config/load';
import { loadInversionSetup } from '../../../src/engine/geninv/setup';
import { readModel, writeModel } from '../../../src/engine/onnx/io';
import { resolveLayer } from '../../../src/engine/onnx/analysis';
import { analyzeModel } from '../../../src/engine/model/analyze';
import { defaultSplitLayer } from '../../../src/engine/generator/split-layer';
import { tinyBigGanGenerator, tinyStyleGenerator } from '../../helpers/generators';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import type { ModelProto } from '../../../src/engine/onnx/gen/onnx_pb';

async function split(m: ModelProto): Promise<string> {
  return defaultSplitLayer(m.graph!, await analyzeModel(m)).name;
}

test('BigGAN-like: the linear layer before the reshape to 4×4, not the class embedding MatMul that comes first', async () => {
  assert.equal(await split(tinyBigGanGenerator()), 'linear');
});

test('StyleGAN2-like: no dense layer feeds a spatial map (the style affine only modulates), so synthesis.b4.conv1', async () => {
  const m = tinyStyleGenerator();
  const a = await analyzeModel(m);
  const layer = defaultSplitLayer(m.graph!, a);
  assert.equal(layer.tensor, '/synthesis/b4/conv1/LeakyRelu_output_0');
  assert.ok(layer.aliases.includes('synthesis.b4.conv1'));
  assert.deepEqual(layer.shape, ['N', 8, 4, 4]);
});

test('DCGAN-style and the demo generator: the fc layer', async () => {
  assert.equal(await split(tinyGenerator()), 'fc');
  assert.equal(await split(readModel(join(__dirname, '..', '..', '..', 'demo', 'models', 'generator.onnx'))), 'fc');
});

test('synthesis.bK names the block features, not the RGB skip image it also returns', async () => {
  const a = await analyzeModel(tinyStyleGenerator());
  // b4's features and its RGB image both leave the block; the image leaves last
  assert.equal(resolveLayer(a, 'synthesis.b4').tensor, '/synthesis/b4/conv1/LeakyRelu_output_0');
  // b8's features are used by nothing outside it (the last block): its conv1 output
  assert.equal(resolveLayer(a, 'synthesis.b8').tensor, '/synthesis/b8/conv1/LeakyRelu_output_0');
  assert.deepEqual(resolveLayer(a, 'synthesis.b8').shape, ['N', 8, 8, 8]);
  // the RGB branch and the whole synthesis network keep their own outputs
  assert.equal(resolveLayer(a, 'synthesis.b8.torgb').tensor, '/synthesis/b8/torgb/Conv_output_0');
  assert.equal(resolveLayer(a, 'synthesis').tensor, 'image');
  assert.deepEqual(a.summary.outputs[0]!.shape, ['N', 3, 8, 8]);
  assert.equal(resolveLayer(a, 'synthesis.b4').samplingDistance, 1);
});

test('invert-generator setup splits a StyleGAN2-like generator at synthesis.b4.conv1 by default, named by its module', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-split-'));
  writeModel(join(dir, 'g.onnx'), tinyStyleGenerator());
  writeModel(join(dir, 'x.onnx'), tinyExtractor());
  const config = parseConfig(JSON.stringify({ extractor: { model: 'x.onnx', inputSize: [32, 32] }, generator: { model: 'g.onnx' } }), join(dir, 'c.ganlens.json'));
  const setup = await loadInversionSetup(config, undefined, { network: 'none' });
  assert.equal(setup.layerName, 'synthesis.b4.conv1');
  assert.deepEqual(setup.layerShape, [8, 4, 4]);
  assert.deepEqual(setup.split.outputSize, [8, 8]);
  assert.deepEqual(setup.split.latents, ['w']);
  rmSync(dir, { recursive: true, force: true });
});
