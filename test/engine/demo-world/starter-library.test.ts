import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../../src/engine/config/load';
import { libraryDir, openLibrary } from '../../../src/engine/vectors/library';
import { loadVectorSetup } from '../../../src/engine/vectors/setup';
import { openGeneratorParts } from '../../../src/engine/vectors/parts';
import { openSegmenter } from '../../../src/engine/paint/segmenter';
import { scoreLibraryForClass } from '../../../src/engine/paint/pick-class';

const DEMO = resolve(__dirname, '../../../demo');

for (const [configFile, library] of [['demo.ganlens.json', 'starter'], ['textured.ganlens.json', 'starter-generator-textured']] as const) {
test(`demo/ ships a named starter vector library ${library}: each vector's replicated image is labelled its class by the segmenter`, async () => {
  const config = loadConfig(join(DEMO, configFile));
  const lib = openLibrary(libraryDir(DEMO, library));
  assert.equal(resolve(DEMO, lib.meta.generator), config.generator.model, 'made from the config\'s generator');
  assert.deepEqual(lib.entries.map((e) => e.name).sort(), ['background', 'epithelium', 'stroma', 'tumour']);
  for (const e of lib.entries) assert.equal(e.provenance.source, 'sample', `${e.name} carries where it came from`);
  const parts = await openGeneratorParts(await loadVectorSetup(config, lib.meta.tensor), { threads: 1 });
  const seg = await openSegmenter(config.extractor, undefined, { threads: 1 });
  const classes: Record<string, number> = { background: 0, stroma: 1, epithelium: 2, tumour: 3 };
  for (const [name, classId] of Object.entries(classes)) {
    // Recomputed now, not read from the stored scores: the segmenter must still see the class in the vector.
    const scores = await scoreLibraryForClass(parts, seg, lib, classId);
    assert.equal(scores[0]!.name, name, `${name} is the library's most confident vector for class ${classId}: ${JSON.stringify(scores)}`);
    assert.ok(scores[0]!.score > 0.8, `${name}: mean class probability ${scores[0]!.score}`);
  }
});
}
