/**
 * Painting in a real VS Code workbench (code-server + Debian chromium), #19:
 * - on a fresh copy of demo/: the Paint CodeLens opens the side panel on the shipped starter library; a stroke with
 *   the tumour vector changes the image where painted (exported before and after), and the demo segmenter labels
 *   most of the painted area tumour;
 * - on a workspace with no vector library: "Sample and name vectors now" runs the vectors/starter job and the panel
 *   opens on a named palette.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Frame, Page } from 'playwright-core';
import { loadConfig } from '../../src/engine/config/load';
import { openSegmenter } from '../../src/engine/paint/segmenter';
import { decodeImage, stackImages } from '../../src/engine/runtime/image';
import { OUTPUT, REPO, WORK } from './workbench/env';
import { startCodeServer, type CodeServer } from './workbench/code-server';
import { prepareWorkbench } from './workbench/session';
import { launchWorkbenchBrowser, notificationsText, waitForWorkbench } from './workbench/browser';

const DEMO = join(REPO, 'demo');
const WITH_LIBRARY = join(WORK, 'paint-demo-copy');
const WITHOUT_LIBRARY = join(WORK, 'paint-no-library');
let server: CodeServer | undefined;

/** demo.ganlens.json and (optionally) its vector libraries copied; models and tiles linked. */
function demoCopy(folder: string, libraries: boolean): void {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'data'), { recursive: true });
  cpSync(join(DEMO, 'demo.ganlens.json'), join(folder, 'demo.ganlens.json'));
  symlinkSync(join(DEMO, 'models'), join(folder, 'models'));
  symlinkSync(join(DEMO, 'data/val'), join(folder, 'data/val'));
  if (libraries) cpSync(join(DEMO, '.ganlens/vectors/starter'), join(folder, '.ganlens/vectors/starter'), { recursive: true });
}

before(async () => {
  prepareWorkbench();
  demoCopy(WITH_LIBRARY, true);
  demoCopy(WITHOUT_LIBRARY, false);
  server = await startCodeServer();
});

after(async () => {
  await server?.stop();
});

async function openWith(page: Page, folder: string): Promise<Frame> {
  await page.goto(`${server!.url}/?folder=${encodeURIComponent(folder)}`);
  await waitForWorkbench(page);
  await page.locator('.explorer-folders-view [role=treeitem][aria-label="demo.ganlens.json"]').click({ timeout: 60_000 });
  const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Paint' }).first();
  await lens.waitFor({ timeout: 60_000 });
  await page.waitForTimeout(300);
  await lens.click();
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    for (const f of page.frames()) if ((await f.locator('gan-paint-view').count().catch(() => 0)) > 0) return f;
    await page.waitForTimeout(500);
  }
  throw new Error(`the Paint panel did not open\n${await notificationsText(page).catch(() => '')}`);
}

/** Clicks "Export image + mask" and returns the new export folder under the config's output. */
async function exportNow(frame: Frame, output: string): Promise<string> {
  const folder = join(output, 'paint');
  const before = new Set(existsSync(folder) ? readdirSync(folder) : []);
  await frame.locator('gan-paint-view vscode-button', { hasText: 'Export image + mask' }).click();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const fresh = (existsSync(folder) ? readdirSync(folder) : []).filter((d) => d.startsWith('export-') && !before.has(d));
    const done = fresh.map((d) => join(folder, d)).find((d) => existsSync(join(d, 'paint.json')));
    if (done) return done;
    assert.ok(Date.now() < deadline, 'the export was written within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function grey(file: string): Promise<Uint8Array> {
  return new Uint8Array(await sharp(file).extractChannel(0).raw().toBuffer());
}

test('Paint on a fresh demo copy: a tumour stroke changes the image where painted and the segmenter labels it tumour', async () => {
  const config = loadConfig(join(WITH_LIBRARY, 'demo.ganlens.json'));
  const library = JSON.parse(readFileSync(join(WITH_LIBRARY, '.ganlens/vectors/starter/library.json'), 'utf8')) as { entries: { name: string; tags: string[] }[] };
  const tumourClass = Number(library.entries.find((e) => e.name === 'tumour')!.tags.find((t) => /^class\d+$/.test(t))!.slice(5));
  const context = await launchWorkbenchBrowser('paint');
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    const frame = await openWith(page, WITH_LIBRARY);
    const swatch = frame.getByRole('button', { name: 'Paint with tumour' });
    await swatch.waitFor({ timeout: 90_000 });
    await frame.locator('gan-paint-view img[alt^="Generated image"]').waitFor({ timeout: 60_000 });
    const unpainted = await exportNow(frame, config.output);

    await swatch.click();
    await frame.getByRole('combobox', { name: 'Brush size' }).selectOption('3');
    // The side bar is short (the Sweeps view shares it): bring the whole canvas into view before dragging on it.
    const canvas = frame.locator('gan-paint-view canvas');
    await canvas.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const box = (await canvas.boundingBox())!;
    // Strokes over the middle third of the canvas, as a user drags the brush.
    for (let row = 0.35; row <= 0.65; row += 0.1) {
      await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * row);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * row, { steps: 12 });
      await page.mouse.up();
    }
    await frame.locator('gan-paint-view img[alt$="cells painted"]:not([alt*=" 0 cells"])').waitFor({ timeout: 60_000 });
    await frame.locator('gan-paint-view [role=status]', { hasText: /repaint \d+ ms/ }).waitFor({ timeout: 60_000 });
    const painted = await exportNow(frame, config.output);
    await page.screenshot({ path: join(OUTPUT, 'paint-stroke.png') });

    const legend = (JSON.parse(readFileSync(join(painted, 'paint.json'), 'utf8')) as { legend: { classes: { label: number; name: string }[] } }).legend;
    const tumourLabel = legend.classes.find((c) => c.name === 'tumour')!.label;
    const labels = await grey(join(painted, 'mask.png'));
    const inside = labels.map((l) => (l === tumourLabel ? 1 : 0));
    const area = inside.reduce((a: number, b) => a + b, 0);
    assert.ok(area > 0.05 * labels.length, `a painted tumour area (${area} of ${labels.length} pixels)`);

    const [a, b] = [await grey(join(unpainted, 'image_0.png')), await grey(join(painted, 'image_0.png'))];
    let dIn = 0;
    let dOut = 0;
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i]! - b[i]!);
      if (inside[i]) dIn += d;
      else dOut += d;
    }
    const meanIn = dIn / area;
    const meanOut = dOut / (a.length - area);
    assert.ok(meanIn > 10 && meanIn > 2 * meanOut, `the image changed where painted: mean |Δ| ${meanIn.toFixed(1)} inside vs ${meanOut.toFixed(1)} outside (0–255)`);

    const seg = await (await openSegmenter(config.extractor)).segment(stackImages([await decodeImage(join(painted, 'image_0.png'))]));
    assert.equal(seg.h * seg.w, labels.length, 'the segmenter labels every output pixel');
    let tumour = 0;
    for (let i = 0; i < seg.labels.length; i++) if (inside[i] && seg.labels[i] === tumourClass) tumour++;
    assert.ok(tumour / area > 0.5, `the segmenter labels ${((100 * tumour) / area).toFixed(1)} % of the painted area tumour (class ${tumourClass})`);
  } catch (e) {
    await page.screenshot({ path: join(OUTPUT, 'paint-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await context.close();
  }
});

test('Paint on a workspace without a library: "Sample and name vectors now" leads to a named palette', async () => {
  const context = await launchWorkbenchBrowser('paint-starter');
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    const frame = await openWith(page, WITHOUT_LIBRARY);
    await frame.locator('gan-paint-view vscode-button', { hasText: 'Sample and name vectors now' }).click({ timeout: 90_000 });
    const names = page.locator('.quick-input-widget .quick-input-box input');
    await names.waitFor({ timeout: 30_000 });
    await names.fill('background, stroma, epithelium, tumour');
    await page.keyboard.press('Enter');
    await frame.getByRole('button', { name: 'Paint with tumour' }).waitFor({ timeout: 240_000 });
    for (const n of ['background', 'stroma', 'epithelium']) assert.equal(await frame.getByRole('button', { name: `Paint with ${n}` }).count(), 1, n);
    await frame.locator('gan-paint-view img[alt^="Generated image"]').waitFor({ timeout: 60_000 });
    assert.ok(existsSync(join(WITHOUT_LIBRARY, '.ganlens/vectors/starter/library.json')), 'the library was written in the workspace');
    await page.screenshot({ path: join(OUTPUT, 'paint-starter.png') });
  } catch (e) {
    await page.screenshot({ path: join(OUTPUT, 'paint-starter-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await context.close();
  }
});
