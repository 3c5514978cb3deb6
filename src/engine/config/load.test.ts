import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './load';
import { GanLensError } from '../util/errors';

const minimal = { extractor: { model: 'models/extractor.onnx' }, generator: { model: 'models/generator.onnx' } };

test('a minimal config gets the documented defaults and absolute paths', () => {
  const c = parseConfig(JSON.stringify(minimal), '/w/demo.ganlens.json');
  assert.equal(c.extractor.model, '/w/models/extractor.onnx');
  assert.equal(c.extractor.input, 'image');
  assert.deepEqual(c.extractor.inputSize, [224, 224]);
  assert.equal(c.training.batchSize, 8);
  assert.equal(c.training.optimizer.lr, 0.01);
  assert.deepEqual(c.training.optimizer.betas, [0.9, 0.999]);
  assert.equal(c.training.init, 'closed-form');
  assert.deepEqual(c.generator.output.range, [-1, 1]);
  assert.equal(c.generator.latents, undefined); // filled from the generator's own inputs, never guessed
  assert.equal(c.evaluation.gd.steps, 512);
  assert.equal(c.evaluation.gd.lr, 0.05);
  assert.equal(c.output, '/w/runs');
  assert.equal(c.name, 'demo');
});

test('pairs default to=auto and data sources resolve', () => {
  const c = parseConfig(
    JSON.stringify({ ...minimal, pairs: [{ from: 'layer2' }], data: { val: { folder: 'val' }, train: { procedural: { seed: 5, count: 10 } } } }),
    '/w/x.ganlens.json',
  );
  assert.deepEqual(c.pairs, [{ from: 'layer2', to: 'auto' }]);
  assert.deepEqual(c.data.val, { kind: 'folder', folder: '/w/val' });
  assert.deepEqual(c.data.train, { kind: 'procedural', seed: 5, count: 10, size: 224 });
});

function errorOf(text: string): string {
  try {
    parseConfig(text, '/w/bad.ganlens.json');
  } catch (e) {
    assert.ok(e instanceof GanLensError);
    assert.equal(e.kind, 'bad-input');
    return e.message;
  }
  assert.fail('expected an error');
}

test('unknown keys and wrong types are errors with the JSON path', () => {
  assert.match(errorOf(JSON.stringify({ ...minimal, trainng: {} })), /\/: unknown key 'trainng'/);
  assert.match(errorOf(JSON.stringify({ ...minimal, training: { batchSize: 'eight' } })), /\/training\/batchSize: must be integer/);
  assert.match(errorOf(JSON.stringify({ ...minimal, extractor: { model: 'm.onnx', mean: [1, 2] } })), /\/extractor\/mean: must NOT have fewer than 3 items/);
  assert.match(errorOf(JSON.stringify({ extractor: minimal.extractor })), /must have required property 'generator'/);
  assert.match(errorOf('{ "extractor": '), /not valid JSON/);
  assert.match(errorOf(JSON.stringify({ ...minimal, evaluation: { testNetworks: ['vgg'] } })), /\/evaluation\/testNetworks\/0: 'vgg' is not a key/);
});

test('generatorInversion: optional workspace defaults pass through; unknown keys and bad values are errors with the path', () => {
  assert.deepEqual(parseConfig(JSON.stringify(minimal), '/w/a.ganlens.json').generatorInversion, {});
  const gi = { layer: 'fc', featureLayer: 'layer3', stepsZ: 40, restarts: 4, decay: 'none', lambda: { feat: 0.01 } };
  assert.deepEqual(parseConfig(JSON.stringify({ ...minimal, generatorInversion: gi }), '/w/a.ganlens.json').generatorInversion, gi);
  assert.match(errorOf(JSON.stringify({ ...minimal, generatorInversion: { stepz: 3 } })), /\/generatorInversion: unknown key 'stepz'/);
  assert.match(errorOf(JSON.stringify({ ...minimal, generatorInversion: { restarts: 0 } })), /\/generatorInversion\/restarts: must be >= 1/);
  assert.match(errorOf(JSON.stringify({ ...minimal, generatorInversion: { lambda: { feet: 1 } } })), /\/generatorInversion\/lambda: unknown key 'feet'/);
});
