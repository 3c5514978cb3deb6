// A config checked against the models it names: every problem names the key, the model's value and the fix.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/engine/config/load';
import { checkModels, checkedModel, type ModelsToCheck } from '../../../src/engine/config/check-models';
import { analyzeModel } from '../../../src/engine/model/analyze';
import { writeModel } from '../../../src/engine/onnx/io';
import type { ModelProto } from '../../../src/engine/onnx/gen/onnx_pb';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import { runCli } from '../../helpers/cli';
import { openProbe } from '../../../src/engine/evaluate/probes';
import { isGanLensError } from '../../../src/engine/util/errors';

const dir = mkdtempSync(join(tmpdir(), 'gan-lens-check-models-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
writeModel(join(dir, 'generator.onnx'), tinyGenerator());

const base = {
  extractor: { model: 'extractor.onnx', inputSize: [32, 32], layers: { block1: 'block1' } },
  generator: { model: 'generator.onnx', noise: { inputs: ['noise'] } },
  data: { train: { procedural: { seed: 1, count: 16, size: 32 } }, val: { procedural: { seed: 2, count: 4, size: 32 } } },
  pairs: [{ from: 'block1', to: 'auto' }],
  training: { batchSize: 4 },
};
type Raw = typeof base & Record<string, unknown>;

async function models(cfgInputSize: [number, number]): Promise<ModelsToCheck> {
  const load = async (m: ModelProto, file: string, inputSize?: [number, number]) =>
    checkedModel(m, await analyzeModel(m, { file, ...(inputSize ? { inputSize } : {}) }));
  return { extractor: await load(tinyExtractor(), join(dir, 'extractor.onnx'), cfgInputSize), generator: await load(tinyGenerator(), join(dir, 'generator.onnx')) };
}

async function problems(edit: (c: Raw) => void): Promise<{ pointer: string; message: string }[]> {
  const raw = structuredClone(base) as Raw;
  edit(raw);
  const cfg = parseConfig(JSON.stringify(raw), join(dir, 'c.ganlens.json'));
  return checkModels(cfg, await models(cfg.extractor.inputSize)).map((p) => ({ pointer: p.pointer, message: p.message }));
}

test('a config that fits its models has no problems, with latents omitted (read from the model)', async () => {
  assert.deepEqual(await problems(() => undefined), []);
});

test('inputSize against the extractor exported at a fixed size', async () => {
  const [p, ...rest] = await problems((c) => (c.extractor.inputSize = [64, 64]));
  assert.equal(rest.length, 0);
  assert.equal(p!.pointer, '/extractor/inputSize');
  assert.match(p!.message, /\[64, 64\] but extractor\.onnx was exported for a fixed input size: 'image' is \[N, 3, 32, 32\]\. Set "inputSize": \[32, 32\]/);
});

test('latent, noise and output names against the generator, with its actual inputs', async () => {
  const [input] = await problems((c) => (c.generator = { ...c.generator, latents: [{ input: 'nope', shape: [16] }] } as Raw['generator']));
  assert.equal(input!.pointer, '/generator/latents/0/input');
  assert.match(input!.message, /'nope' is not an input of generator\.onnx \(its inputs: z \[N, 16\] \(latent\), noise \[N, 1, 16, 16\] \(noise\), class \[N\] \(class\)\)\. Use one of 'z', 'noise', 'class'/);

  const [empty] = await problems((c) => (c.generator = { ...c.generator, latents: [] } as Raw['generator']));
  assert.equal(empty!.pointer, '/generator/latents');
  assert.match(empty!.message, /lists no latents, but generator\.onnx takes z \[N, 16\] \(latent\)\. Remove "latents"/);

  const [noise] = await problems((c) => (c.generator.noise.inputs = ['nope']));
  assert.equal(noise!.pointer, '/generator/noise/inputs/0');
  assert.match(noise!.message, /'nope' is not an input of generator\.onnx .*Use one of 'z', 'noise', 'class'/);

  const [output] = await problems((c) => (c.generator = { ...c.generator, output: { name: 'img' } } as Raw['generator']));
  assert.equal(output!.pointer, '/generator/output/name');
  assert.match(output!.message, /'img' is not an output of generator\.onnx \(its outputs: 'image_out'\)/);
});

test('latent shapes against the model: the guessed z [128] of the old default is refused with the fix', async () => {
  const [p] = await problems((c) => (c.generator = { ...c.generator, latents: [{ input: 'z', shape: [128] }] } as Raw['generator']));
  assert.equal(p!.pointer, '/generator/latents/0/shape');
  assert.match(p!.message, /\[128\] but generator\.onnx's input 'z' is \[N, 16\]\. Set "shape": \[16\] \(without the batch dimension\)/);
});

test('a mapping latent names its mapping model, which must exist', async () => {
  const [missing] = await problems((c) => (c.generator = { ...c.generator, latents: [{ input: 'z', shape: [16], distribution: 'mapping' }] } as Raw['generator']));
  assert.deepEqual(missing, { pointer: '/generator/latents/0', message: '"distribution": "mapping" needs "mapping": the .onnx with the mapping network (e.g. the same network exported with its z input).' });
  const [absent] = await problems((c) => (c.generator = { ...c.generator, latents: [{ input: 'z', shape: [16], distribution: 'mapping', mapping: 'nope.onnx' }] } as Raw['generator']));
  assert.equal(absent!.pointer, '/generator/latents/0/mapping');
  assert.match(absent!.message, /nope\.onnx does not exist/);
});

test('the output range against a Tanh output', async () => {
  const [p] = await problems((c) => (c.generator = { ...c.generator, output: { range: [0, 1] } } as Raw['generator']));
  assert.equal(p!.pointer, '/generator/output/range');
  assert.match(p!.message, /\[0, 1\] but generator\.onnx's output 'image_out' comes out of Tanh, whose values lie in \[-1, 1\]\. Set "range": \[-1, 1\]/);
});

test('layer names in the tables and pairs against the models, with close matches', async () => {
  const found = await problems((c) => {
    c.extractor.layers = { block1: 'blok1' };
    c.pairs = [{ from: 'block1', to: 'up00' }];
  });
  assert.deepEqual(found.map((p) => p.pointer), ['/extractor/layers/block1', '/pairs/0/to']);
  assert.match(found[0]!.message, /extractor\.onnx has no layer or tensor 'blok1'\. Did you mean 'block1'/);
});

test('stitch refuses a config that does not fit its models: exit 2, every key named, nothing run', async () => {
  const raw = structuredClone(base) as Raw;
  raw.extractor.inputSize = [64, 64];
  raw.generator = { ...raw.generator, latents: [{ input: 'z', shape: [128] }], noise: { inputs: ['nope'] } } as Raw['generator'];
  const file = join(dir, 'bad.ganlens.json');
  writeFileSync(file, JSON.stringify(raw));
  const r = await runCli(['stitch', '--config', file, '--out', join(dir, 'run')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /bad\.ganlens\.json does not fit its models:/);
  for (const key of ['/extractor/inputSize', '/generator/latents/0/shape', '/generator/noise/inputs/0']) assert.ok(r.stderr.includes(`${key}: `), key);
  assert.doesNotMatch(r.stderr, /onnxruntime|LossSub|opset/);
});

test('vectors sample refuses latents and noise inputs the generator does not have; vectors list a missing workspace', async () => {
  const raw = structuredClone(base) as Raw;
  raw.generator = { ...raw.generator, latents: [], noise: { inputs: ['nope'] }, layers: { up0: 'up0' } } as Raw['generator'];
  const file = join(dir, 'vectors.ganlens.json');
  writeFileSync(file, JSON.stringify(raw));
  const r = await runCli(['vectors', 'sample', '--config', file, '--layer', 'up0', '--n', '2']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /\/generator\/latents: lists no latents, but generator\.onnx takes z \[N, 16\] \(latent\)/);
  assert.match(r.stderr, /\/generator\/noise\/inputs\/0: 'nope' is not an input of generator\.onnx/);
  const list = await runCli(['vectors', 'list', '--workspace', join(dir, 'no-such-workspace')]);
  assert.equal(list.code, 2);
  assert.match(list.stderr, /workspace .*no-such-workspace does not exist/);
});

test('an evaluation refuses a test network whose inputSize does not fit its fixed-size export, at its key', async () => {
  const net = { model: join(dir, 'extractor.onnx'), input: 'image', inputSize: [64, 64] as [number, number], mean: [0.5, 0.5, 0.5] as [number, number, number], std: [0.25, 0.25, 0.25] as [number, number, number], layers: {} };
  await assert.rejects(openProbe('judge', net, 'block1'), (e: unknown) => {
    assert.ok(isGanLensError(e) && e.kind === 'bad-input');
    assert.match(e.message, /\/testNetworks\/judge\/inputSize: \[64, 64\] but extractor\.onnx was exported for a fixed input size/);
    return true;
  });
});
