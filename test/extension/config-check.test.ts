/** config/check: the engine's config validation as pointer + message problems (what the editor underlines). */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfigText, configCheck } from '../../src/engine/server/features/config-check';
import { tinyWorkspace } from './fixture-workspace';

const ws = tinyWorkspace();
after(() => ws.cleanup());
const text = readFileSync(ws.config, 'utf8');
/** The config's sections as loose records, to break them on purpose. */
type Section = Record<string, unknown>;
type Sections = { training: Section; extractor: Section; generator: Section; data: Section } & Record<string, Section>;
const edit = (f: (c: Sections) => void): string => {
  const c = JSON.parse(text) as Sections;
  f(c);
  return JSON.stringify(c, null, 2);
};

test('a valid config has no problems', () => {
  assert.deepEqual(checkConfigText(ws.config, text), []);
});

test('schema problems carry the pointer of the value', () => {
  const problems = checkConfigText(ws.config, edit((c) => (c.training.batchSize = 'eight')));
  assert.deepEqual(problems.map((p) => p.pointer), ['/training/batchSize']);
  assert.match(problems[0]!.message, /integer/);
  const unknown = checkConfigText(ws.config, edit((c) => (c.extractor.modle = 'x.onnx')));
  assert.ok(unknown.some((p) => p.pointer === '/extractor' && /unknown key 'modle'/.test(p.message)), JSON.stringify(unknown));
});

test('missing files, unknown test networks and unknown pair layers are named at their keys', () => {
  const missing = checkConfigText(ws.config, edit((c) => (c.generator.model = 'nope.onnx')));
  assert.deepEqual(missing.map((p) => p.pointer), ['/generator/model']);
  assert.match(missing[0]!.message, /nope\.onnx does not exist/);
  const evalNet = checkConfigText(ws.config, edit((c) => (c.evaluation = { testNetworks: ['judge'] })));
  assert.deepEqual(evalNet.map((p) => p.pointer), ['/evaluation/testNetworks/0']);
  const pair = checkConfigText(ws.config, edit((c) => {
    c.extractor.layers = { block1: '/block1/act/Relu_output_0' };
    Object.assign(c, { pairs: [{ from: 'block1' }, { from: 'blok2' }] });
  }));
  assert.deepEqual(pair.map((p) => [p.pointer, p.severity]), [['/pairs/1/from', 'warning']]);
  const folder = checkConfigText(ws.config, edit((c) => (c.data.val = { folder: join(ws.dir, 'no-such-folder') })));
  assert.deepEqual(folder.map((p) => p.pointer), ['/data/val/folder']);
});

test('JSON syntax errors give the offset', () => {
  const [p] = checkConfigText(ws.config, '{ "extractor": { "model": "x.onnx", } ');
  assert.equal(p!.pointer, '');
  assert.match(p!.message, /Not valid JSON/);
  assert.ok(typeof p!.offset === 'number' && p!.offset > 0);
});

test('the engine checks the config against its models: editor problems at the keys, name-only warnings replaced', async () => {
  const check = configCheck();
  assert.deepEqual(await check({ file: ws.config, text }), []);
  const bad = edit((c) => {
    c.extractor.inputSize = [64, 64];
    c.generator.latents = [{ input: 'nope', shape: [16] }];
    c.generator.noise = { inputs: ['nope'] };
    c.generator.output = { range: [0, 1] };
    Object.assign(c, { pairs: [{ from: 'blok2' }] });
  });
  const problems = await check({ file: ws.config, text: bad });
  assert.deepEqual(problems.map((p) => p.pointer), [
    '/extractor/inputSize',
    '/generator/latents/0/input',
    '/generator/noise/inputs/0',
    '/generator/output/range',
    '/pairs/0/from',
  ]);
  assert.ok(problems.every((p) => p.severity === undefined), JSON.stringify(problems));
  assert.match(problems[4]!.message, /extractor\.onnx has no layer or tensor 'blok2'\. Did you mean 'block2'/);
  assert.match(problems[1]!.message, /Use one of 'z', 'noise', 'class'/);
});
