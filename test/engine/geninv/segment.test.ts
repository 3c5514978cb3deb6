import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/engine/config/load';
import { loadInversionSetup } from '../../../src/engine/geninv/setup';
import { segmentLayerValues, type SegmentProgress } from '../../../src/engine/geninv/segment';
import { f32 } from '../../../src/engine/onnx/tensor';
import { randomF32 } from '../../helpers/models';
import { DENSE_TENSOR, inversionWorkspace } from './fixtures';

test('segmentation reports progress within each image, for the attention and the colour clustering', async () => {
  const ws = inversionWorkspace();
  const setup = await loadInversionSetup(loadConfig(ws.config), DENSE_TENSOR, { network: 'none' });
  const n = 2;
  const h = randomF32([n, 64], 3, 1);
  const images = f32([n, 3, 8, 8], Float32Array.from({ length: n * 3 * 64 }, (_, i) => (i % 7) / 7));
  const events: SegmentProgress[] = [];
  const seg = await segmentLayerValues(setup, h, images, [undefined, undefined], { ks: [2, 5], onProgress: (p) => events.push({ ...p }) });
  assert.equal(seg.images.length, n);
  for (const image of [1, 2]) {
    for (const stage of ['attention', 'colour'] as const) {
      const mine = events.filter((e) => e.image === image && e.stage === stage).map((e) => e.fraction);
      assert.ok(mine.some((f) => f > 0 && f < 1), `image ${image} ${stage}: progress inside the clustering, got ${mine.join(',')}`);
      assert.equal(mine.at(-1), 1);
      assert.deepEqual(mine, [...mine].sort((a, b) => a - b));
    }
  }
  // Image 1 finishes before image 2 starts.
  const lastOfFirst = events.findLastIndex((e) => e.image === 1);
  const firstOfSecond = events.findIndex((e) => e.image === 2);
  assert.ok(lastOfFirst < firstOfSecond);
  assert.ok(events.every((e) => e.images === n));
});

test('an aborted signal stops segmentation inside the clustering with a cancel error', async () => {
  const ws = inversionWorkspace();
  const setup = await loadInversionSetup(loadConfig(ws.config), DENSE_TENSOR, { network: 'none' });
  const ctl = new AbortController();
  const images = f32([1, 3, 8, 8], new Float32Array(3 * 64).fill(0.5));
  let after = 0;
  await assert.rejects(
    segmentLayerValues(setup, randomF32([1, 64], 4, 1), images, [undefined], {
      ks: [2],
      signal: ctl.signal,
      onProgress: (p) => {
        if (ctl.signal.aborted) after++;
        if (p.fraction > 0.2) ctl.abort();
      },
    }),
    /cancel/i,
  );
  assert.equal(after, 0, 'no progress after the abort');
});
