/** The Reconstruction gallery in chromium, host faked: renders a result with alt texts, slider and seed post `show`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GalleryState, GalleryToHost, GalleryToWebview } from '../../src/protocol/views/gallery';
import type { ReconstructImagesResult } from '../../src/protocol/stitch';
import { chromiumPerFile } from './browser';
import { openView } from './open-view';

const RED = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==';
const BLUE = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGNgYPiPhIjiAACOsw/xs6MvMwAAAABJRU5ErkJggg==';

const browser = chromiumPerFile();

const layers: GalleryToWebview = {
  type: 'layers',
  title: 'Reconstructions: demo-tissue',
  layers: [
    { layer: 'layer1', run: '/runs/stitch-layer1-auto' },
    { layer: 'layer2', run: '/runs/stitch-layer2-auto', cosine: 0.81 },
    { layer: 'layer3', run: '/runs/stitch-layer3-auto' },
  ],
  selected: 1,
  seed: 7,
  content: 1,
};

function result(layer: string, cosines: number[]): ReconstructImagesResult {
  return {
    run: `/runs/stitch-${layer}-auto`,
    layer,
    generatorLayer: 'blocks.2',
    seed: 7,
    images: cosines.map((cosine, i) => ({ id: `tile_${i}.png`, original: RED, reconstruction: BLUE, cosine, l1: 0.1 * (i + 1) })),
    cosine: { mean: cosines.reduce((a, b) => a + b, 0) / cosines.length, std: 0, min: Math.min(...cosines), max: Math.max(...cosines), n: cosines.length },
    secondsPerImage: 0.01,
    ms: 42,
    warm: true,
  };
}

test('asks for the host-selected layer, renders originals and reconstructions with alt texts from the result', async () => {
  const v = await openView(browser(), 'gallery');
  await v.send(layers);
  await v.page.waitForFunction('window.__posted.some((m) => m.type === "show")');
  assert.deepEqual((await v.posted<GalleryToHost>()).filter((m) => m.type === 'show'), [{ type: 'show', index: 1, seed: 7 }]);
  await v.send({ type: 'result', result: result('layer2', [0.8123, 0.6])!, roundTripMs: 55 } satisfies GalleryToWebview);
  const recon = v.page.getByRole('img', { name: /^Reconstruction of/ });
  await recon.first().waitFor();
  assert.deepEqual(await recon.evaluateAll((els) => els.map((e) => e.getAttribute('alt'))), [
    'Reconstruction of tile_0.png from layer2, cosine 0.812',
    'Reconstruction of tile_1.png from layer2, cosine 0.600',
  ]);
  assert.equal(await v.page.getByRole('img', { name: 'Original tile_1.png' }).count(), 1);
  // the image really decodes: read a pixel of the reconstruction
  const pixel = await recon.first().evaluate((img: HTMLImageElement) => {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    return [...g.getImageData(1, 1, 1, 1).data];
  });
  assert.deepEqual(pixel, [0, 0, 255, 255]);
  assert.match((await v.page.getByRole('status').first().textContent())!, /mean cosine 0\.706.*42 ms in the engine, 55 ms round trip/s);
  await v.page.close();
});

test('the layer slider (keyboard) and the seed shuffle post show requests and persist the state', async () => {
  const v = await openView(browser(), 'gallery');
  await v.send(layers);
  const slider = v.page.getByRole('slider', { name: 'Extractor layer' });
  await slider.waitFor();
  assert.equal(await slider.getAttribute('aria-valuetext'), 'layer2');
  await slider.focus();
  await v.page.keyboard.press('ArrowRight');
  await v.page.waitForFunction('window.__posted.filter((m) => m.type === "show").length === 2');
  assert.equal(await slider.getAttribute('aria-valuetext'), 'layer3');
  await v.page.keyboard.press('Home');
  await v.page.waitForFunction('window.__posted.filter((m) => m.type === "show").length === 3');
  await v.page.getByRole('button', { name: 'Shuffle the seed' }).click();
  await v.page.waitForFunction('window.__posted.filter((m) => m.type === "show").length === 4');
  const shows = (await v.posted<GalleryToHost>()).filter((m): m is Extract<GalleryToHost, { type: 'show' }> => m.type === 'show');
  assert.deepEqual(shows.slice(0, 3), [
    { type: 'show', index: 1, seed: 7 },
    { type: 'show', index: 2, seed: 7 },
    { type: 'show', index: 0, seed: 7 },
  ]);
  assert.equal(shows[3]!.index, 0);
  assert.notEqual(shows[3]!.seed, 7);
  const state = (await v.page.evaluate('window.__state')) as GalleryState;
  assert.deepEqual(state, { selected: 0, seed: shows[3]!.seed, content: 1 });
  await v.page.close();
});

test('a restored panel asks for its saved layer and seed, new content its own selection; Save posts the reconstruction; errors show', async () => {
  const v = await openView(browser(), 'gallery', { selected: 2, seed: 99, content: 1 } satisfies GalleryState);
  await v.send(layers);
  await v.page.waitForFunction('window.__posted.some((m) => m.type === "show")');
  assert.deepEqual((await v.posted<GalleryToHost>()).find((m) => m.type === 'show'), { type: 'show', index: 2, seed: 99 });
  await v.send({ ...layers, selected: 0, seed: 3, content: 2 } satisfies GalleryToWebview);
  await v.page.waitForFunction('window.__posted.filter((m) => m.type === "show").length === 2');
  assert.deepEqual((await v.posted<GalleryToHost>()).filter((m) => m.type === 'show')[1], { type: 'show', index: 0, seed: 3 });
  await v.send({ type: 'result', result: result('layer3', [0.5]), roundTripMs: 10 } satisfies GalleryToWebview);
  await v.page.getByRole('button', { name: 'Save the reconstruction of tile_0.png' }).click();
  assert.deepEqual((await v.posted<GalleryToHost>()).find((m) => m.type === 'saveImage'), { type: 'saveImage', name: 'tile_0-layer3.png', png: BLUE });
  await v.send({ type: 'error', error: { kind: 'bad-input', message: '/runs/x is not a stitch run folder (no run.json).', details: {} } } satisfies GalleryToWebview);
  assert.match((await v.page.getByRole('alert').textContent())!, /not a stitch run folder/);
  await v.page.close();
});
