/**
 * The Paint side panel (chromium, host faked), issues #19 and #20: the legend names what each colour paints, the canvas
 * follows the panel's width, "Re-roll texture" sends a noise seed with the same mask only where the generator has
 * noise inputs, and a workspace without a library gets "Sample and name vectors now" with the job's progress.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PaintToHost, PaintToWebview } from '../../src/protocol/views/paint';
import { chromiumPerFile } from './browser';
import { TINY_PNG as IMG } from './fixtures';
import { openView } from './open-view';

const browser = chromiumPerFile();

const session = (noiseInputs?: string[]): PaintToWebview => ({
  type: 'session',
  config: 'textured.ganlens.json',
  library: 'starter',
  palette: [
    { label: 3, name: 'tumour', color: '#ff0000', vector: 'v4' },
    { label: 1, name: 'stroma', color: '#0000ff', vector: 'v2' },
  ],
  keepColor: '#00ff00',
  imageSize: [128, 128],
  maskSize: [16, 16],
  ...(noiseInputs ? { noiseInputs } : {}),
});

type PaintMsg = Extract<PaintToHost, { type: 'paint' }>;
const paintsOf = (posted: PaintToHost[]): PaintMsg[] => posted.filter((m): m is PaintMsg => m.type === 'paint');

test('legend, canvas width and the noise seed control', async () => {
  const v = await openView(browser(), 'paint');
  await v.page.setViewportSize({ width: 300, height: 900 });
  await v.send(session(['noise_32', 'noise_64', 'noise_128']));
  await v.page.waitForFunction(`window.__posted.some((m) => m.type === 'paint')`);
  await v.send({ type: 'painted', images: [IMG], seed: 0, paintMs: 3, roundTripMs: 9 } satisfies PaintToWebview);
  const legend = v.page.getByRole('table', { name: /Legend/ });
  const rows = (await legend.getByRole('row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
  assert.deepEqual(rows, ['tumour vector v4 · label 3', 'stroma vector v2 · label 1', "unpainted the sample's own activations"]);

  const canvas = v.page.getByRole('img', { name: /^Mask/ });
  const narrow = (await canvas.boundingBox())!.width;
  await v.page.setViewportSize({ width: 600, height: 900 });
  await v.page.waitForFunction((w) => {
    const c = document.querySelector('gan-paint-view')?.shadowRoot?.querySelector('canvas');
    return !!c && c.getBoundingClientRect().width > w + 200;
  }, narrow);
  const wide = (await canvas.boundingBox())!.width;
  assert.ok(wide > narrow + 250, `canvas ${narrow}px → ${wide}px with the panel 300 → 600 px`);

  // Paint a cell, then re-roll: same mask and sample seed, a noise seed.
  const box = (await canvas.boundingBox())!;
  await v.page.mouse.click(box.x + box.width / 32, box.y + box.width / 32);
  await v.page.waitForFunction(`window.__posted.filter((m) => m.type === 'paint').length >= 2`);
  const before = paintsOf(await v.posted<PaintToHost>()).at(-1)!;
  assert.equal(before.noiseSeed, undefined, 'the sample\'s own noise until re-rolled');
  await v.page.getByText(/noise seed 0/).waitFor();
  await v.page.getByRole('button', { name: /Re-roll the texture/ }).click();
  await v.page.waitForFunction(`window.__posted.filter((m) => m.type === 'paint').length >= 3`);
  const rolled = paintsOf(await v.posted<PaintToHost>()).at(-1)!;
  assert.equal(rolled.mask, before.mask);
  assert.equal(rolled.seed, before.seed);
  assert.ok(Number.isInteger(rolled.noiseSeed) && rolled.noiseSeed! >= 0);
  await v.page.getByText(`noise seed ${rolled.noiseSeed}`).waitFor();
  // New sample: a new latent seed and the sample's own noise again.
  await v.page.getByRole('button', { name: 'New sample' }).click();
  await v.page.waitForFunction(`window.__posted.filter((m) => m.type === 'paint').length >= 4`);
  const fresh = paintsOf(await v.posted<PaintToHost>()).at(-1)!;
  assert.equal(fresh.noiseSeed, undefined);
  assert.notEqual(fresh.seed, before.seed);
  assert.deepEqual(v.errors, []);
  await v.page.close();
});

test('no noise control where the generator has no noise inputs', async () => {
  const v = await openView(browser(), 'paint');
  await v.send(session());
  await v.page.waitForFunction(`window.__posted.some((m) => m.type === 'paint')`);
  await v.page.getByRole('button', { name: 'New sample' }).waitFor();
  assert.equal(await v.page.getByRole('button', { name: /Re-roll the texture/ }).count(), 0);
  await v.page.close();
});

test('without a library: "Sample and name vectors now" posts one job request, shows its progress, then the palette', async () => {
  const v = await openView(browser(), 'paint');
  await v.send({ type: 'noLibrary', config: 'demo/demo.ganlens.json', message: 'There is no vector library for this generator yet.' } satisfies PaintToWebview);
  await v.page.getByText('There is no vector library for this generator yet.').waitFor();
  await v.page.getByRole('button', { name: 'Sample and name vectors now' }).click();
  assert.ok((await v.posted<PaintToHost>()).some((m) => m.type === 'sampleLibrary'));
  await v.send({ type: 'progress', progress: { jobId: 'vectors-starter-1', step: 40, total: 192, message: 'ranking by tileability: 40 of 64' } } satisfies PaintToWebview);
  await v.page.getByText(/ranking by tileability: 40 of 64/).waitFor();
  await v.send(session());
  await v.page.getByRole('button', { name: 'Paint with tumour' }).waitFor();
  assert.equal(await v.page.getByRole('button', { name: 'Sample and name vectors now' }).count(), 0);
  assert.deepEqual(v.errors, []);
  await v.page.close();
});
