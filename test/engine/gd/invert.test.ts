import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tinyExtractor } from '../../helpers/models';
import { invertGd, type GdTarget } from '../../../src/engine/gd/invert';
import { proceduralSource } from '../../../src/engine/image-sources/procedural';
import { openSession } from '../../../src/engine/runtime/session';
import { cut } from '../../../src/engine/onnx/surgery';
import { normalizeBatch } from '../../../src/engine/model/normalize';
import { compareActivations } from '../../../src/engine/metrics/activations';
import { SeededRandom } from '../../../src/engine/util/random';
import type { HostTensor } from '../../../src/engine/onnx/tensor';

const LAYER = '/block1/act/Relu_output_0';
const target: GdTarget = {
  extractor: tinyExtractor(),
  inputName: 'image',
  inputSize: [32, 32],
  mean: [0.5, 0.5, 0.5],
  std: [0.25, 0.25, 0.25],
  layerTensor: LAYER,
};

async function cosineAtLayer(recon: HostTensor, orig: HostTensor): Promise<number> {
  const s = await openSession(cut(target.extractor, LAYER));
  const a = (await s.run({ image: normalizeBatch(recon, target.mean, target.std) }))[LAYER]!;
  const b = (await s.run({ image: normalizeBatch(orig, target.mean, target.std) }))[LAYER]!;
  const m = compareActivations(a.data as Float32Array, b.data as Float32Array, a.dims);
  return m.reduce((x, y) => x + y.cosine, 0) / m.length;
}

test('GD inversion lowers the LayerX loss, is deterministic per seed, and beats random images by a wide margin', async () => {
  const images = await proceduralSource(3, 5, 32).batch([0, 1, 2, 3, 4]);
  const progress: number[] = [];
  const opts = { steps: 60, batchSize: 3, seed: 7 } as const;
  for (const reg of ['none', 'fourier-jitter'] as const) {
    const r = await invertGd(target, images, { ...opts, reg, onProgress: (p) => progress.push(p.step) });
    assert.equal(r.lossCurve.length, 60);
    assert.deepEqual(r.reconstructions.dims, [5, 3, 32, 32]);
    const data = r.reconstructions.data as Float32Array;
    assert.ok(data.every((v) => v >= 0 && v <= 1));
    assert.ok(r.lossCurve[59]! < 0.6 * r.lossCurve[0]!, `${reg}: loss ${r.lossCurve[0]} → ${r.lossCurve[59]}`);
    assert.equal(r.finalLoss.length, 5);
    if (reg === 'none') {
      const again = await invertGd(target, images, { ...opts, reg });
      assert.deepEqual(again.lossCurve, r.lossCurve);
      assert.deepEqual(Array.from(again.reconstructions.data as Float32Array), Array.from(data));
      const random = new Float32Array(data.length);
      const rng = new SeededRandom(1);
      for (let i = 0; i < random.length; i++) random[i] = rng.next();
      const cGd = await cosineAtLayer(r.reconstructions, images);
      const cRandom = await cosineAtLayer({ dtype: 'float32', dims: [5, 3, 32, 32], data: random }, images);
      assert.ok(cGd > cRandom + 0.2, `GD ${cGd} vs random ${cRandom}`);
    }
  }
  assert.equal(progress.length, 2 * 2 * 60); // two regs × two batches × steps
});

test('GD inversion stops with a cancelled error', async () => {
  const images = await proceduralSource(3, 2, 32).batch([0, 1]);
  const c = new AbortController();
  await assert.rejects(
    invertGd(target, images, { reg: 'fourier-jitter', steps: 50, onProgress: (p) => p.step === 3 && c.abort(), signal: c.signal }),
    (e: Error & { kind?: string }) => e.kind === 'cancelled',
  );
});
