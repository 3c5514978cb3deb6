import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { loadVectorSetup } from '../../../src/engine/vectors/setup';
import { openGeneratorParts } from '../../../src/engine/vectors/parts';
import { latentSeedOf, sampleVectors, vectorAt } from '../../../src/engine/vectors/sample';
import { libraryDir, listLibraries, openLibrary, updateLibrary } from '../../../src/engine/vectors/library';
import { LAYER, tinyWorkspace } from './fixture';

after(() => clearSessionCache());

test('sampled vectors carry provenance that regenerates them exactly', async () => {
  const { config } = tinyWorkspace();
  const parts = await openGeneratorParts(await loadVectorSetup(config, 'up0'));
  const vs = await sampleVectors(parts, { n: 5, seed: 7, batchSize: 2 });
  assert.equal(vs.length, 5);
  const again = await sampleVectors(parts, { n: 5, seed: 7, batchSize: 3 });
  for (const [i, v] of vs.entries()) {
    const p = v.provenance;
    assert.equal(p.tensor, LAYER);
    assert.equal(p.layer, 'up0');
    assert.equal(p.index, i);
    assert.equal(p.latentSeed, latentSeedOf(7, i));
    assert.ok(p.position![0] >= 0 && p.position![0] < 8 && p.position![1] >= 0 && p.position![1] < 8);
    assert.equal(v.vector.length, 8);
    // From the provenance alone: the same image, the same pixel, the same vector.
    const { layerX } = await parts.generate([p.latentSeed!]);
    assert.deepEqual([...vectorAt(layerX, 0, p.position![0], p.position![1])], [...v.vector]);
    assert.deepEqual([...again[i]!.vector], [...v.vector], 'batching does not change samples');
  }
  assert.ok(new Set(vs.map((v) => v.provenance.position!.join(','))).size > 1, 'random positions differ');
  const fixed = await sampleVectors(parts, { n: 2, seed: 7, position: [3, 4] });
  assert.deepEqual(fixed.map((v) => v.provenance.position), [[3, 4], [3, 4]]);
  await assert.rejects(sampleVectors(parts, { n: 1, seed: 7, position: [8, 0] }), /outside up0, which is 8×8/);
});

test('library round trip: add, rename, tag, remove, reopen; concurrent writers lose nothing', async () => {
  const { dir, config } = tinyWorkspace();
  const parts = await openGeneratorParts(await loadVectorSetup(config, 'up0'));
  const vs = await sampleVectors(parts, { n: 4, seed: 1 });
  const lib = libraryDir(dir, 'tissue');
  const identity = { generator: config.generator.model, layer: 'up0', tensor: LAYER, channels: 8 };
  await updateLibrary(lib, identity, (l) => vs.forEach((v) => l.add(v.vector, { provenance: v.provenance })));
  await updateLibrary(lib, identity, (l) => {
    l.rename('v2', 'stroma');
    l.tag('stroma', ['tileable', 'pink']);
    l.tag('stroma', [], ['pink']);
    l.remove('v1');
    l.setScore('v3', 'tileability', 0.5);
  });
  const r = openLibrary(lib);
  assert.deepEqual(listLibraries(dir), ['tissue']);
  assert.deepEqual(r.entries.map((e) => e.id), ['v2', 'v3', 'v4']);
  assert.deepEqual(r.entries.map((e) => e.name), ['stroma', 'v3', 'v4']);
  assert.deepEqual(r.get('stroma').entry.tags, ['tileable']);
  assert.deepEqual([...r.get('stroma').vector], [...vs[1]!.vector]);
  assert.deepEqual([...r.get('v4').vector], [...vs[3]!.vector]);
  assert.equal(r.get('v3').entry.scores.tileability, 0.5);
  assert.deepEqual(r.get('v2').entry.provenance, vs[1]!.provenance);
  // One matrix file, named in library.json.
  const meta = JSON.parse(readFileSync(join(lib, 'library.json'), 'utf8')) as { vectors: string };
  assert.deepEqual(readdirSync(lib).filter((f) => f.endsWith('.npy')), [meta.vectors]);
  // Twenty concurrent adds: all land, ids unique.
  await Promise.all(Array.from({ length: 20 }, (_, i) => updateLibrary(lib, identity, (l) => l.add(vs[i % 4]!.vector, { name: `c${i}`, provenance: vs[0]!.provenance }))));
  const r2 = openLibrary(lib);
  assert.equal(r2.size, 23);
  assert.equal(new Set(r2.entries.map((e) => e.id)).size, 23);
  await assert.rejects(updateLibrary(lib, identity, (l) => l.rename('v3', 'stroma')), /already has a vector named 'stroma'/);
  await assert.rejects(updateLibrary(lib, { ...identity, channels: 4 }, () => undefined), /holds vectors of up0/);
  assert.throws(() => r2.get('nope'), /has no vector 'nope'/);
});
