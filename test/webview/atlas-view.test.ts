/** The Activation atlas in chromium, host faked: ranked tiles in two columns; activating one posts `add`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AtlasToHost, AtlasToWebview } from '../../src/protocol/views/atlas';
import { chromiumPerFile } from './browser';
import { TINY_PNG as IMG } from './fixtures';
import { openView } from './open-view';


const browser = chromiumPerFile();

test('shows tileable and non-tileable vectors by rank and score; click and keyboard add to the library', async () => {
  const v = await openView(browser(), 'atlas');
  await v.send({
    type: 'ranking',
    title: 'Activation atlas: demo blocks.1',
    ranking: {
      jobId: 'j',
      rankingId: 'ranking-1',
      layer: 'blocks.1',
      tensor: '/blocks.1/act/Relu_output_0',
      n: 256,
      tileable: [{ rank: 0, score: 0.91, image: IMG }, { rank: 1, score: 0.88, image: IMG }],
      nonTileable: [{ rank: 254, score: 0.12, image: IMG }, { rank: 255, score: 0.05, image: IMG }],
      secondsPerVector: 0.004,
    },
  } satisfies AtlasToWebview);
  const tileable = v.page.getByRole('region', { name: 'Most tileable' }).getByRole('button');
  await tileable.first().waitFor();
  assert.deepEqual(await tileable.evaluateAll((b) => b.map((x) => x.getAttribute('aria-label'))), [
    'Vector of rank 1, tileability 0.910, add to the vector library',
    'Vector of rank 2, tileability 0.880, add to the vector library',
  ]);
  const non = v.page.getByRole('region', { name: 'Least tileable' }).getByRole('button');
  assert.equal(await non.count(), 2);
  await non.last().click();
  await tileable.first().focus();
  await v.page.keyboard.press('Enter');
  const adds = (await v.posted<AtlasToHost>()).filter((m) => m.type === 'add');
  assert.deepEqual(adds, [{ type: 'add', rank: 255 }, { type: 'add', rank: 0 }]);
  await v.send({ type: 'added', rank: 255, library: 'default', id: 'v7', name: 'vector-7' } satisfies AtlasToWebview);
  await v.page.getByRole('button', { name: 'Vector of rank 256, tileability 0.050, added as vector-7 in default' }).waitFor();
  assert.equal(await non.last().getAttribute('aria-pressed'), 'true');
  assert.deepEqual(v.errors, []);
  await v.page.close();
});
