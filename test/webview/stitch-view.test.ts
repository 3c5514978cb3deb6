/** The Stitch panel in chromium, host faked: curves follow progress and epoch messages; Pause/Resume post. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StitchToHost, StitchToWebview } from '../../src/protocol/views/stitch-panel';
import type { StitchEpoch } from '../../src/protocol/stitch';
import { chromiumPerFile } from './browser';
import { openView } from './open-view';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==';

const browser = chromiumPerFile();

const epoch = (i: number, cos: number): StitchEpoch => ({ epoch: i, step: 4 * (i + 1), samplesSeen: 32 * (i + 1), trainLoss: 0.5 / (i + 1), valCosine: cos, valCosineStd: 0.01, valL1: 0.3 / (i + 1), seconds: 2 });

test('loss chart grows with progress, validation chart and sample grid with each epoch; Pause then Resume', async () => {
  const v = await openView(browser(), 'stitch');
  await v.send({ type: 'start', info: { config: '/w/demo.ganlens.json', layer: 'layer2', outDir: '/w/runs/stitch-layer2-auto', epochs: 2 }, jobId: 'stitch-1', history: [], resumed: false } satisfies StitchToWebview);
  for (let step = 1; step <= 5; step++) {
    await v.send({ type: 'progress', progress: { jobId: 'stitch-1', step, total: 8, message: `epoch 1/2 step ${step}`, loss: 1 / step, samplesPerSecond: 12.5, etaSeconds: 8 - step } } satisfies StitchToWebview);
  }
  await v.page.getByRole('status').filter({ hasText: 'epoch 1/2 step 5' }).waitFor();
  const charts = v.page.locator('gan-line-chart');
  const points = (): Promise<number[][]> => charts.evaluateAll((els) => els.map((e) => (e as unknown as { drawnPoints: number[] }).drawnPoints));
  assert.deepEqual(await points(), [[5], [0, 0]]);
  assert.match(await v.page.locator('gan-line-chart').first().locator('table').textContent() ?? '', /5: 0\.2000/);
  assert.match((await v.page.getByRole('status').first().textContent())!, /12\.5 samples\/s.*about 3 s left/s);

  await v.send({ type: 'epoch', epoch: epoch(0, 0.61), samples: PNG } satisfies StitchToWebview);
  await v.page.getByRole('img', { name: 'Epoch 1: originals above reconstructions, validation cosine 0.610' }).waitFor();
  assert.deepEqual(await points(), [[5], [1, 1]]);

  await v.page.getByRole('button', { name: 'Pause' }).click();
  assert.deepEqual((await v.posted<StitchToHost>()).filter((m) => m.type === 'pause'), [{ type: 'pause', jobId: 'stitch-1' }]);
  await v.send({ type: 'stopped', reason: 'paused' } satisfies StitchToWebview);
  await v.page.getByText('Paused: the last checkpoint is kept').waitFor();
  await v.page.getByRole('button', { name: 'Resume' }).click();
  assert.ok((await v.posted<StitchToHost>()).some((m) => m.type === 'resume'));

  // the resumed job keeps the curves and adds to them
  await v.send({ type: 'start', info: { config: '/w/demo.ganlens.json', layer: 'layer2', outDir: '/w/runs/stitch-layer2-auto', epochs: 2 }, jobId: 'stitch-2', history: [epoch(0, 0.61)], resumed: true } satisfies StitchToWebview);
  await v.send({ type: 'progress', progress: { jobId: 'stitch-2', step: 6, total: 8, message: 'epoch 2/2', loss: 0.15 } } satisfies StitchToWebview);
  await v.send({ type: 'epoch', epoch: epoch(1, 0.72), samples: PNG } satisfies StitchToWebview);
  await v.page.getByRole('img', { name: /^Epoch 2:/ }).waitFor();
  assert.deepEqual(await points(), [[6], [2, 2]]);
  await v.page.getByRole('button', { name: 'Open gallery' }).click();
  assert.ok((await v.posted<StitchToHost>()).some((m) => m.type === 'openGallery'));
  assert.deepEqual(v.errors, []);
  await v.page.close();
});
