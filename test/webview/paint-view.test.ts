/** The Paint side panel in chromium, host faked: a stroke posts a paint request whose mask PNG has the painted cells. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PaintState, PaintToHost, PaintToWebview } from '../../src/protocol/views/paint';
import { chromiumPerFile } from './browser';
import { TINY_PNG as IMG } from './fixtures';
import { openView } from './open-view';


const browser = chromiumPerFile();

const session: PaintToWebview = {
  type: 'session',
  config: 'demo.ganlens.json',
  library: 'default',
  palette: [
    { label: 1, name: 'tumour', color: '#ff0000', vector: 'v1' },
    { label: 2, name: 'stroma', color: '#0000ff', vector: 'v2' },
  ],
  keepColor: '#00ff00',
  imageSize: [128, 128],
  maskSize: [8, 8],
};

type PaintMsg = Extract<PaintToHost, { type: 'paint' }>;

/** Decodes a posted mask PNG in the page: one [r, g, b] per cell, row-major. */
async function maskCells(page: Page, mask: string): Promise<string[]> {
  return page.evaluate(async (b64: string) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const out: string[] = [];
    for (let i = 0; i < d.length; i += 4) out.push(d[i]! > 128 ? 'R' : d[i + 2]! > 128 ? 'B' : 'k');
    return out;
  }, mask);
}

async function paints(page: Page, n: number): Promise<PaintMsg[]> {
  await page.waitForFunction(`window.__posted.filter((m) => m.type === 'paint').length >= ${n}`);
  return ((await page.evaluate('window.__posted')) as PaintToHost[]).filter((m): m is PaintMsg => m.type === 'paint');
}

test('a stroke with the brush posts one paint request at stroke end, with exactly the stroked cells in the palette colour', async () => {
  const v = await openView(browser(), 'paint');
  await v.send(session);
  const first = (await paints(v.page, 1))[0]!;
  assert.deepEqual(new Set(await maskCells(v.page, first.mask)), new Set(['k']), 'the first paint is the unpainted sample');
  await v.send({ type: 'painted', images: [IMG], seed: 0, paintMs: 12, roundTripMs: 20 } satisfies PaintToWebview);
  await v.page.getByRole('img', { name: 'Generated image, seed 0, 0 cells painted' }).waitFor();

  const canvas = v.page.getByRole('img', { name: /^Mask/ });
  const box = (await canvas.boundingBox())!;
  const cell = box.width / 8;
  // drag along row 2 from column 1 to column 4 (cell centres)
  await v.page.mouse.move(box.x + 1.5 * cell, box.y + 2.5 * cell);
  await v.page.mouse.down();
  for (const col of [2, 3, 4]) await v.page.mouse.move(box.x + (col + 0.5) * cell, box.y + 2.5 * cell, { steps: 2 });
  assert.equal((await paints(v.page, 1)).length, 1, 'no request while the stroke goes on');
  await v.page.mouse.up();
  const stroke = (await paints(v.page, 2))[1]!;
  assert.equal(stroke.variations, 1);
  const cells = await maskCells(v.page, stroke.mask);
  const painted = cells.map((c, i) => (c === 'R' ? i : -1)).filter((i) => i >= 0);
  assert.deepEqual(painted, [17, 18, 19, 20]);
  assert.equal(cells.filter((c) => c === 'k').length, 60);
  const state = (await v.page.evaluate('window.__state')) as PaintState;
  assert.deepEqual(state.cells.map((c, i) => (c >= 0 ? i : -1)).filter((i) => i >= 0), [17, 18, 19, 20]);

  // eraser on one cell, then the second colour by keyboard: Space paints the cursor cell (0, 0)
  await v.page.getByRole('button', { name: 'Eraser' }).click();
  await v.page.mouse.click(box.x + 3.5 * cell, box.y + 2.5 * cell);
  const erased = await maskCells(v.page, (await paints(v.page, 3))[2]!.mask);
  assert.deepEqual(erased.map((c, i) => (c === 'R' ? i : -1)).filter((i) => i >= 0), [17, 18, 20]);
  await v.page.getByRole('button', { name: 'Paint with stroma' }).click();
  await canvas.focus();
  await v.page.keyboard.press('Space');
  const keyed = await maskCells(v.page, (await paints(v.page, 4))[3]!.mask);
  assert.equal(keyed[0], 'B');

  await v.page.getByRole('button', { name: 'Noise variations' }).click();
  assert.equal((await paints(v.page, 5))[4]!.variations, 4);
  await v.send({ type: 'painted', images: [IMG, IMG, IMG, IMG], seed: 0, paintMs: 30, roundTripMs: 41 } satisfies PaintToWebview);
  await v.page.getByRole('img', { name: 'Noise variation 4' }).waitFor();
  assert.match((await v.page.getByRole('status').first().textContent())!, /repaint 30 ms in the engine, 41 ms round trip/);

  await v.page.getByRole('button', { name: 'Export image + mask' }).click();
  const posted = await v.posted<PaintToHost>();
  const exp = posted.find((m) => m.type === 'export') as Extract<PaintToHost, { type: 'export' }>;
  assert.equal((await maskCells(v.page, exp.mask)).filter((c) => c !== 'k').length, 4);
  await v.page.getByRole('button', { name: 'Batch export' }).click();
  assert.deepEqual((await v.posted<PaintToHost>()).find((m) => m.type === 'batch'), { type: 'batch', count: 16, seed: 0 });
  assert.deepEqual(v.errors, []);
  await v.page.close();
});

test('a restored panel keeps its painting; without a config it says what to do', async () => {
  const cells = Array.from({ length: 64 }, (_, i) => (i === 63 ? 1 : -1));
  const v = await openView(browser(), 'paint', { seed: 5, color: 1, tool: 'brush', brush: 1, cells } satisfies PaintState);
  await v.send(session);
  const first = (await paints(v.page, 1))[0]!;
  assert.equal(first.seed, 5);
  assert.equal((await maskCells(v.page, first.mask))[63], 'B');
  await v.send({ type: 'noConfig', message: 'No *.ganlens.json config in this workspace.' } satisfies PaintToWebview);
  await v.page.getByText('No *.ganlens.json config in this workspace.').waitFor();
  await v.page.getByRole('button', { name: 'Try again' }).click();
  assert.ok((await v.posted<PaintToHost>()).some((m) => m.type === 'reload'));
  await v.page.close();
});
