import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { tinyGenerator } from '../../helpers/models';
import { f32, tensorToProto } from '../../../src/engine/onnx/tensor';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { loadVectorSetup } from '../../../src/engine/vectors/setup';
import { openGeneratorParts } from '../../../src/engine/vectors/parts';
import { sampleVectors } from '../../../src/engine/vectors/sample';
import { gridMask } from '../../../src/engine/vectors/grid';
import { replicated } from '../../../src/engine/vectors/override';
import { visualizeVectors } from '../../../src/engine/vectors/visualize';
import { openFeatureProbe } from '../../../src/engine/vectors/probe';
import { tileabilityScores } from '../../../src/engine/vectors/tileability';
import { rankVectors, writeRanking } from '../../../src/engine/vectors/rank';
import { LAYER, tinyWorkspace } from './fixture';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

after(() => clearSessionCache());

test('replication equals feeding a constant map; grid k keeps the base on white cells', async () => {
  const { config } = tinyWorkspace();
  const parts = await openGeneratorParts(await loadVectorSetup(config, 'up0'));
  const vs = await sampleVectors(parts, { n: 3, seed: 2 });
  const items = vs.map((v, i) => ({ vector: v.vector, baseSeed: 100 + i }));
  const images = await visualizeVectors(parts, items, { grids: [0, 1, 2, 3], batchSize: 5 });
  const { layerX: bases } = await parts.generate(items.map((i) => i.baseSeed));
  for (const [i, it] of items.entries()) {
    const constant = await parts.render(replicated(it.vector, 8, 8), [it.baseSeed]);
    assert.deepEqual([...images[i]![0]!.data], [...constant.data], 'grid 0 = constant map');
    for (const [g, k] of [1, 2, 3].entries()) {
      const m = gridMask(8, 8, k).data;
      const x = f32([1, 8, 8, 8]);
      for (let c = 0; c < 8; c++) for (let p = 0; p < 64; p++) x.data[c * 64 + p] = m[p] ? it.vector[c]! : (bases.data as Float32Array)[(i * 8 + c) * 64 + p]!;
      const expected = await parts.render(x, [it.baseSeed]);
      assert.deepEqual([...images[i]![g + 1]!.data], [...expected.data], `grid ${k}`);
    }
  }
  // The suffix on the prefix's own LayerX reproduces the generated image (same latents and noise per seed).
  const gen = await parts.generate([5, 6]);
  const re = await parts.render(gen.layerX, [5, 6]);
  assert.deepEqual([...re.data], [...gen.images.data]);
});

test('a generator whose output ignores LayerX has tileability exactly 1; a real one scores below 1', async () => {
  const g = tinyGenerator();
  const w = g.graph!.initializer.findIndex((t) => t.name === 'to_rgb.weight');
  g.graph!.initializer[w] = tensorToProto('to_rgb.weight', f32([3, 8, 3, 3]));
  const flat = tinyWorkspace(g, 'const');
  const parts = await openGeneratorParts(await loadVectorSetup(flat.config, LAYER));
  const probe = await openFeatureProbe(flat.config.extractor, 'block1');
  const vs = await sampleVectors(parts, { n: 4, seed: 3 });
  const scores = await tileabilityScores(parts, probe, vs.map((v) => ({ vector: v.vector, baseSeed: v.provenance.latentSeed! })));
  assert.deepEqual(scores, [1, 1, 1, 1]);

  const real = tinyWorkspace();
  const rparts = await openGeneratorParts(await loadVectorSetup(real.config, 'up0'));
  const rprobe = await openFeatureProbe(real.config.extractor, 'block1');
  const ranking = await rankVectors(rparts, rprobe, { n: 6, seed: 4, batchSize: 4 });
  const s = ranking.ranked.map((r) => r.score);
  assert.ok(s.every((v) => v <= 1 + 1e-9 && v > -1) && s.some((v) => v < 0.9999), `scores ${s.join(', ')}`);
  assert.deepEqual([...s].sort((a, b) => b - a), s, 'sorted high to low');
  const files = await writeRanking(rparts, ranking, join(real.dir, 'rank'), 2);
  assert.ok(existsSync(files.top) && existsSync(files.bottom));
  const json = JSON.parse(readFileSync(files.scores, 'utf8')) as { scores: { rank: number; score: number; latentSeed: number }[] };
  assert.equal(json.scores.length, 6);
  assert.equal(json.scores[0]!.score, s[0]);
});
