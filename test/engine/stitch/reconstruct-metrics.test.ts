// reconstruct measures what training's validation measured: the generator's image mapped to [0, 1], resized to the
// extractor's size and clamped, for a generator that overshoots its configured range (StyleGAN2 has no tanh).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/engine/config/load';
import { loadStitchSetup } from '../../../src/engine/stitch/setup';
import { openReconstructor, RECONSTRUCT_INPUT_PREFIX } from '../../../src/engine/stitch/reconstruct';
import {buildTrainingForward, STITCH_TENSORS } from '../../../src/engine/stitch/graphs';
import { clearSessionCache, openSession } from '../../../src/engine/runtime/session';
import { compareActivations } from '../../../src/engine/metrics/activations';
import { normalizeBatch } from '../../../src/engine/model/normalize';
import { writeModel } from '../../../src/engine/onnx/io';
import { f32 } from '../../../src/engine/onnx/tensor';
import { randomF32, tinyExtractor } from '../../helpers/models';
import { tinyStyleGenerator } from '../../helpers/generators';

const dir = mkdtempSync(join(tmpdir(), 'gan-lens-recon-metrics-'));
after(async () => {
  await clearSessionCache();
  rmSync(dir, { recursive: true, force: true });
});

test('reconstruct and stitch validation agree on cosine and L1 when the generator leaves its range', async () => {
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyStyleGenerator());
  const config = parseConfig(
    JSON.stringify({ extractor: { model: 'extractor.onnx', inputSize: [32, 32] }, generator: { model: 'generator.onnx' } }),
    join(dir, 'c.ganlens.json'),
  );
  const setup = await loadStitchSetup(config, { from: 'block1', to: 'auto' });
  assert.equal(setup.models.pair.to.name, 'synthesis.b4.conv1.LeakyRelu'); // the module output at the matching distance
  const [cx] = setup.models.pair.fromShape;
  const [cy] = setup.models.pair.toShape;
  const weight = randomF32([cy * cx], 4, 3).data as Float32Array;
  const bias = new Float32Array(cy);
  const images = randomF32([2, 3, 32, 32], 5, 0.5);
  const pixels = images.data as Float32Array;
  for (let i = 0; i < pixels.length; i++) pixels[i] = pixels[i]! + 0.5;

  const rec = await openReconstructor({ setup, weight, bias });
  const raw = (await rec.session.run({ [RECONSTRUCT_INPUT_PREFIX + 'image']: normalizeBatch(images, config.extractor.mean, config.extractor.std) }, ['reconstruction'])).reconstruction!;
  const rawValues = raw.data as Float32Array;
  assert.ok(rawValues.some((v) => v < 0 || v > 1), 'the test generator must overshoot [0, 1]');
  const { recon } = await rec.reconstruct(images, 0);
  assert.deepEqual(recon.dims, [2, 3, 32, 32]);
  assert.ok((recon.data as Float32Array).every((v) => v >= 0 && v <= 1));
  const a = await rec.activations(images);
  const viaReconstruct = compareActivations((await rec.activations(recon)).data as Float32Array, a.data as Float32Array, a.dims);

  const forward = buildTrainingForward(setup.models);
  const session = await openSession(forward.model);
  const out = await session.run({ [STITCH_TENSORS.a]: a, [STITCH_TENSORS.weight]: f32([cy, cx, 1, 1], weight), [STITCH_TENSORS.bias]: f32([cy], bias) }, [`x/${setup.models.pair.from.tensor}`]);
  const aPrime = out[`x/${setup.models.pair.from.tensor}`]!;
  const viaValidation = compareActivations(aPrime.data as Float32Array, a.data as Float32Array, a.dims);
  for (let i = 0; i < 2; i++) {
    assert.ok(Math.abs(viaReconstruct[i]!.l1 - viaValidation[i]!.l1) < 1e-4 * Math.max(1, viaValidation[i]!.l1), `L1 ${viaReconstruct[i]!.l1} vs ${viaValidation[i]!.l1}`);
    assert.ok(Math.abs(viaReconstruct[i]!.cosine - viaValidation[i]!.cosine) < 1e-4, `cosine ${viaReconstruct[i]!.cosine} vs ${viaValidation[i]!.cosine}`);
  }
});
