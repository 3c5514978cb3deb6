import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { f32 } from '../../../src/engine/onnx/tensor';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { labelAgreement, summarizeAgreement } from '../../../src/engine/paint/agreement';
import { softmaxSegmentation, type Segmenter } from '../../../src/engine/paint/segmenter';
import { scoreLibraryForClass } from '../../../src/engine/paint/pick-class';
import { loadVectorSetup } from '../../../src/engine/vectors/setup';
import { openGeneratorParts } from '../../../src/engine/vectors/parts';
import { sampleVectors } from '../../../src/engine/vectors/sample';
import { libraryDir, openLibrary, updateLibrary } from '../../../src/engine/vectors/library';
import { visualizeVectors } from '../../../src/engine/vectors/visualize';
import { LAYER, tinyWorkspace } from '../vectors/fixture';

after(() => clearSessionCache());

test('agreement: share of each painted label the network labels as painted, against the unpainted baseline', () => {
  // 2 classes, 1 image 2×2: network says class 1 at pixels 0, 1, 2 (painted), class 0 elsewhere; baseline only at 0.
  const painted = softmaxSegmentation(f32([1, 2, 2, 2], [0, 0, 0, 5, 1, 1, 1, 0]));
  const base = softmaxSegmentation(f32([1, 2, 2, 2], [0, 5, 5, 5, 1, 0, 0, 0]));
  assert.deepEqual([...painted.labels], [1, 1, 1, 0]);
  assert.ok(Math.abs(painted.probs[0]! + painted.probs[4]! - 1) < 1e-6);
  // Painted label 1 at pixels 0, 1, 3; pixel 2 kept (255, ignored).
  const a = labelAgreement(painted, [Uint8Array.from([1, 1, 255, 1])], 2, 2, 255, base);
  assert.deepEqual(a, [[{ label: 1, pixels: 3, agreement: 2 / 3, baseline: 1 / 3 }]]);
  // Upsampled masks are resized to the network's size (nearest).
  const up = labelAgreement(painted, [Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 255, 255, 1, 1, 255, 255, 1, 1])], 4, 4, 255);
  assert.deepEqual(up, [[{ label: 1, pixels: 3, agreement: 2 / 3 }]]);
  const s = summarizeAgreement([...a, [{ label: 1, pixels: 4, agreement: 0.25, baseline: 0 }]]);
  assert.deepEqual(s, [{ label: 1, samples: 2, meanAgreement: (2 / 3 + 0.25) / 2, majority: 1, meanBaseline: 1 / 6, majorityBaseline: 0 }]);
});

test('picking a class vector ranks library entries by the segmenter\'s confidence on their replicated visualisation', async () => {
  const { dir, config } = tinyWorkspace();
  const parts = await openGeneratorParts(await loadVectorSetup(config, 'up0'));
  const vs = await sampleVectors(parts, { n: 5, seed: 11 });
  const lib = libraryDir(dir, 'pick');
  await updateLibrary(lib, { generator: config.generator.model, layer: 'up0', tensor: LAYER, channels: 8 }, (l) => vs.forEach((v) => l.add(v.vector, { provenance: v.provenance })));
  // A stand-in segmenter: class 1 logit = red channel − blue channel, class 0 logit = 0.
  const fake: Segmenter = {
    output: 'logits',
    async segment(images) {
      const [n, , h, w] = images.dims as [number, number, number, number];
      const d = images.data as Float32Array;
      const logits = f32([n, 2, h, w]);
      for (let b = 0; b < n; b++) for (let p = 0; p < h * w; p++) logits.data[(b * 2 + 1) * h * w + p] = 8 * (d[(b * 3) * h * w + p]! - d[(b * 3 + 2) * h * w + p]!);
      return softmaxSegmentation(logits);
    },
  };
  const library = openLibrary(lib);
  const scores = await scoreLibraryForClass(parts, fake, library, 1, { batchSize: 2 });
  assert.equal(scores.length, 5);
  assert.deepEqual([...scores].sort((a, b) => b.score - a.score), scores);
  // The winner is the entry whose replicated image is reddest (checked independently).
  const imgs = await visualizeVectors(parts, vs.map((v) => ({ vector: v.vector, baseSeed: v.provenance.latentSeed! })), { grids: [0] });
  const redness = imgs.map(([im]) => {
    const plane = im!.dims[1]! * im!.dims[2]!;
    let s = 0;
    for (let p = 0; p < plane; p++) s += 1 / (1 + Math.exp(-8 * (im!.data[p]! - im!.data[2 * plane + p]!)));
    return s / plane;
  });
  const best = redness.indexOf(Math.max(...redness));
  assert.equal(scores[0]!.id, library.entries[best]!.id);
  assert.ok(Math.abs(scores[0]!.score - redness[best]!) < 1e-5);
});
