import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { readModel } from '../../../src/engine/onnx/io';
import { loadVectorSetup } from '../../../src/engine/vectors/setup';
import { openGeneratorParts } from '../../../src/engine/vectors/parts';
import { openFeatureProbe } from '../../../src/engine/vectors/probe';
import { runAppendix } from '../../../src/engine/vectors/appendix';
import { linePlotSvg } from '../../../src/engine/vectors/plot';
import { tinyWorkspace } from './fixture';

after(() => clearSessionCache());

test('the appendix optimisation of v1, v2 through the generator suffix lowers its L1 loss', async () => {
  const { config } = tinyWorkspace();
  const parts = await openGeneratorParts(await loadVectorSetup(config, 'up0'));
  const probe = await openFeatureProbe(config.extractor, 'block1');
  const lines: string[] = [];
  const r = await runAppendix(parts, { extractor: readModel(config.extractor.model), net: config.extractor, probe, grids: [0, 2], n: 4, repeats: 2, steps: 25, lr: 0.05, seed: 1, onProgress: (l) => lines.push(l) });
  assert.deepEqual(r.grids.map((g) => g.grid), [0, 2]);
  assert.equal(lines.length, 4);
  for (const g of r.grids) {
    assert.ok(g.lossEnd < 0.8 * g.lossStart, `grid ${g.grid}: loss ${g.lossStart} → ${g.lossEnd}`);
    assert.ok(g.cosine > 0 && g.cosine <= 1 && g.perRepeat.length === 2 && g.std >= 0);
  }
  const svg = linePlotSvg(r.grids.map((g) => ({ x: g.grid, y: g.cosine, err: g.std })), { title: 'Fig. 9', xLabel: 'grid size', yLabel: 'cosine' });
  assert.match(svg, /^<svg/);
  assert.equal((svg.match(/<circle/g) ?? []).length, 2);
});
