// "to": "auto" on the bundled demo world: the generator's exported output size is symbolic, the analysis sizes it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../../src/engine/config/load';
import { loadStitchSetup } from '../../../src/engine/stitch/setup';
import { clearSessionCache } from '../../../src/engine/runtime/session';

const config = loadConfig(join(__dirname, '..', '..', '..', 'demo', 'demo.ganlens.json'));

after(() => clearSessionCache());

test("'auto' pairs each demo extractor layer with the generator layer at its sampling distance", async () => {
  const expected: [string, string, number][] = [
    ['layer1', 'blocks.2.conv1', 2],
    ['layer2', 'blocks.1.conv1', 3],
    ['layer3', 'blocks.0.conv1', 4],
    ['layer4', 'Reshape', 5],
  ];
  for (const [from, to, distance] of expected) {
    const { models } = await loadStitchSetup(config, { from, to: 'auto' });
    assert.equal(models.pair.to.name, to, from);
    assert.equal(models.pair.from.samplingDistance, distance);
    assert.equal(models.pair.to.samplingDistance, distance);
  }
  // compat's offsets: one up-sampling closer to the output, and one further
  assert.equal((await loadStitchSetup(config, { from: 'layer2', to: 'auto' }, 1)).models.pair.to.name, 'blocks.2.conv1');
  assert.equal((await loadStitchSetup(config, { from: 'layer2', to: 'auto' }, -1)).models.pair.to.name, 'blocks.0.conv1');
});
