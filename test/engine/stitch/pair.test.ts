// "to": "auto" on the bundled demo world: the generator's exported output size is symbolic, the analysis sizes it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../../src/engine/config/load';
import { loadStitchSetup } from '../../../src/engine/stitch/setup';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { generatorLayerAt } from '../../../src/engine/stitch/pair';
import { analyzeModel } from '../../../src/engine/model/analyze';
import { tinyStyleGenerator } from '../../helpers/generators';

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

test('the generator layer at a distance is a feature map taken at its module output, never a 1×1 style or gain', async () => {
  const a = await analyzeModel(tinyStyleGenerator());
  assert.equal(generatorLayerAt(a, 1)?.tensor, '/synthesis/b4/conv1/LeakyRelu_output_0'); // synthesis.b4.conv1, not its Conv
  assert.equal(generatorLayerAt(a, 0)?.tensor, '/synthesis/b8/conv0/LeakyRelu_output_0');
  // the style [N, 8, 1, 1] sits 3 up-samplings from the 8×8 output but is no place to stitch into
  assert.deepEqual(a.layers.find((l) => l.tensor === '/synthesis/b4/conv1/Unsqueeze_output_0')?.samplingDistance, 3);
  assert.equal(generatorLayerAt(a, 3), undefined);
});
