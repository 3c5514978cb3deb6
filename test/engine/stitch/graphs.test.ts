import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tinyExtractor, tinyGenerator, randomF32 } from '../../helpers/models';
import { analyzeModel } from '../../../src/engine/model/analyze';
import { resolvePair } from '../../../src/engine/stitch/pair';
import {buildExtractModel, buildReconstructModel, buildTrainingForward, STITCH_TENSORS, type StitchModels } from '../../../src/engine/stitch/graphs';
import { buildGradient } from '../../../src/engine/autodiff/builder';
import { openSession } from '../../../src/engine/runtime/session';
import { f32, hostTensor } from '../../../src/engine/onnx/tensor';

async function setup(): Promise<StitchModels> {
  const extractor = tinyExtractor();
  const generator = tinyGenerator();
  const ext = await analyzeModel(extractor, { file: 'tiny_extractor.onnx' });
  const gen = await analyzeModel(generator, { file: 'tiny_generator.onnx' });
  const pair = resolvePair(ext, gen, { from: 'block1', to: 'auto' }, { extractor: {}, generator: {} });
  return {
    extractor,
    generator,
    pair,
    pre: { inputName: 'image', inputSize: [32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
    gen: { range: [-1, 1] },
  };
}

test("'auto' picks the generator's first convolution at the extractor layer's sampling distance", async () => {
  const s = await setup();
  assert.equal(s.pair.from.samplingDistance, 1);
  assert.deepEqual(s.pair.fromShape, [8, 16, 16]);
  assert.equal(s.pair.to.samplingDistance, 1);
  assert.equal(s.pair.to.op, 'ConvTranspose');
  assert.deepEqual(s.pair.toShape, [8, 8, 8]);
});

function generatorFeeds(names: string[], batch: number): Record<string, ReturnType<typeof f32>> {
  const feeds: Record<string, ReturnType<typeof f32>> = {};
  for (const n of names) {
    if (n === 'g/noise') feeds[n] = randomF32([batch, 1, 16, 16], 7, 0.1);
    else if (n === 'g/class') feeds[n] = hostTensor('int64', [batch], new BigInt64Array(batch));
    else if (n === 'g/z') feeds[n] = randomF32([batch, 16], 8);
    else throw new Error(`unexpected generator input ${n}`);
  }
  return feeds;
}

test('the training graph differentiates the L1 loss at LayerX with respect to the 1x1 conv only', async () => {
  const s = await setup();
  const batch = 2;
  const extract = await openSession(buildExtractModel(s.extractor, s.pair));
  const image = randomF32([batch, 3, 32, 32], 3);
  const a = (await extract.run({ image }))[s.pair.from.tensor]!;
  assert.deepEqual(a.dims, [batch, 8, 16, 16]);

  const forward = buildTrainingForward(s);
  assert.deepEqual(forward.generatorInputs.sort(), ['g/noise']);
  const grad = buildGradient(forward.model, { loss: STITCH_TENSORS.loss, wrt: [STITCH_TENSORS.weight, STITCH_TENSORS.bias] });
  const session = await openSession(grad.model);
  const weight = randomF32([8, 8, 1, 1], 4, 0.3);
  const bias = f32([8]);
  const feeds = { [STITCH_TENSORS.a]: a, [STITCH_TENSORS.weight]: weight, [STITCH_TENSORS.bias]: bias, ...generatorFeeds(forward.generatorInputs, batch) };
  const out = await session.run(feeds, [grad.loss, grad.grads[STITCH_TENSORS.weight]!, grad.grads[STITCH_TENSORS.bias]!]);
  const loss = out[grad.loss]!.data[0] as number;
  assert.ok(Number.isFinite(loss) && loss > 0);
  const gw = out[grad.grads[STITCH_TENSORS.weight]!]!;
  assert.deepEqual(gw.dims, [8, 8, 1, 1]);

  // A small step against the gradient lowers the loss: the gradient is the loss's, not noise.
  const step = 1e-2 / Math.max(...Array.from(gw.data as Float32Array, Math.abs));
  const w2 = f32([8, 8, 1, 1], Array.from(weight.data as Float32Array, (v, i) => v - step * (gw.data[i] as number)));
  const lossOnly = await openSession(forward.model);
  const after = (await lossOnly.run({ ...feeds, [STITCH_TENSORS.weight]: w2 }, [STITCH_TENSORS.loss]))[STITCH_TENSORS.loss]!.data[0] as number;
  const before = (await lossOnly.run(feeds, [STITCH_TENSORS.loss]))[STITCH_TENSORS.loss]!.data[0] as number;
  assert.ok(Math.abs(before - loss) < 1e-5 * Math.max(1, loss));
  assert.ok(after < before, `loss ${before} → ${after}`);
});

test('the reconstruction graph is one forward pass from image to a [0,1] image; direct copy needs equal channels', async () => {
  const s = await setup();
  const m = buildReconstructModel(s, { weight: randomF32([8, 8, 1, 1], 4).data as Float32Array, bias: new Float32Array(8) });
  const session = await openSession(m);
  const inputs = session.inputNames.slice().sort();
  assert.deepEqual(inputs, ['g/noise', 'x/image']);
  const out = await session.run({ 'x/image': randomF32([3, 3, 32, 32], 9), 'g/noise': f32([3, 1, 16, 16]) });
  const r = out.reconstruction!;
  assert.deepEqual(r.dims, [3, 3, 16, 16]);
  for (const v of r.data as Float32Array) assert.ok(v >= 0 && v <= 1);
  const direct = await openSession(buildReconstructModel(s, { directCopy: true }));
  const d = await direct.run({ 'x/image': randomF32([1, 3, 32, 32], 9), 'g/noise': f32([1, 1, 16, 16]) });
  assert.deepEqual(d.reconstruction!.dims, [1, 3, 16, 16]);
});

test('direct copy between layers of different channel counts is a clear error', async () => {
  const s = await setup();
  const ext = await analyzeModel(s.extractor, { file: 'tiny_extractor.onnx' });
  const gen = await analyzeModel(s.generator, { file: 'tiny_generator.onnx' });
  const pair = resolvePair(ext, gen, { from: 'block2', to: '/up1/conv/Conv_output_0' }, { extractor: {}, generator: {} });
  assert.throws(() => buildReconstructModel({ ...s, pair }, { directCopy: true }), /Direct copy needs equal channel counts, but block2 has 16 channels/);
});
