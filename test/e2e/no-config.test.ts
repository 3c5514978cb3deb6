/**
 * A user's own folder with no config, in a real VS Code workbench (code-server + Debian chromium), #19: two models
 * copied from demo/models and a folder of images. Right-click the extractor → Invert This Layer… → layer2 → "New
 * config with a generator .onnx…" → the generator the engine recognised → the images folder → ImageNet normalisation
 * → Write Config → train now: the gallery shows reconstructions, and the written config validates against the schema.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { configErrors } from '../../src/engine/config/load';
import { OUTPUT, REPO, WORK } from './workbench/env';
import { startCodeServer, type CodeServer } from './workbench/code-server';
import { prepareWorkbench } from './workbench/session';
import { clickExplorerMenuItem, launchWorkbenchBrowser, notificationsText, waitForWorkbench } from './workbench/browser';

const FOLDER = join(WORK, 'no-config-workspace');
let server: CodeServer | undefined;

before(async () => {
  prepareWorkbench();
  rmSync(FOLDER, { recursive: true, force: true });
  mkdirSync(join(FOLDER, 'models'), { recursive: true });
  // Copies, not links: the generator search reads real files, as in a user's folder.
  for (const f of ['extractor.onnx', 'generator.onnx']) cpSync(join(REPO, 'demo/models', f), join(FOLDER, 'models', f));
  cpSync(join(REPO, 'demo/data/val/images'), join(FOLDER, 'tiles'), { recursive: true });
  server = await startCodeServer();
});

after(async () => {
  await server?.stop();
});

/** Picks in the quick input once its title matches: types `filter` (if any) and accepts the focused entry. */
async function pick(page: Page, title: RegExp, filter: string): Promise<void> {
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 60_000 });
  await quickInput.locator('.quick-input-list [role=option]').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  if (filter) await quickInput.locator('.quick-input-box input').fill(filter);
  await quickInput.locator('.quick-input-list [role=option].focused', filter ? { hasText: filter } : {}).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** VS Code's own folder dialog (code-server has no native one): type the folder's path, then its OK button. */
async function chooseFolder(page: Page, title: RegExp, folder: string): Promise<void> {
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  await quickInput.locator('.quick-input-box input').fill(`${folder}/`);
  await page.waitForTimeout(1_500); // the dialog lists the folder's contents
  await quickInput.getByRole('button', { name: 'Use these images' }).click();
}

async function galleryAlts(page: Page, ms: number): Promise<{ frame: Frame; alts: string[] }> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      const imgs = f.locator('gan-gallery-view img.reconstruction');
      if ((await imgs.count().catch(() => 0)) > 0) return { frame: f, alts: await imgs.evaluateAll((els) => els.map((e) => e.getAttribute('alt') ?? '')) };
    }
    await page.waitForTimeout(1_000);
  }
  throw new Error(`no gallery with reconstructions within ${ms / 1000} s\n${await notificationsText(page).catch(() => '')}`);
}

test('no config: Invert This Layer… proposes one from the models, writes it, trains and shows the gallery', async () => {
  const context = await launchWorkbenchBrowser('no-config');
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(FOLDER)}`);
    await waitForWorkbench(page);
    await page.locator('.explorer-folders-view [role=treeitem][aria-label="models"]').click({ timeout: 30_000 });
    await clickExplorerMenuItem(page, 'extractor.onnx', 'Invert This Layer…');
    await pick(page, /Invert This Layer/, '/layer2/layer2.1/relu_1/Relu_output_0');
    await pick(page, /: generator$/, 'New config with a generator');
    await pick(page, /: generator: generator$/, 'models/generator.onnx');
    await chooseFolder(page, /a folder of training images/, join(FOLDER, 'tiles'));
    await pick(page, /input normalisation/, '');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    assert.match((await dialog.textContent()) ?? '', /GAN Lens proposes .*extractor-generator\.ganlens\.json/);
    await dialog.getByRole('button', { name: 'Write Config' }).click();
    await pick(page, /layer2\.1: method$/, 'train now');

    const { alts } = await galleryAlts(page, 180_000);
    await page.screenshot({ path: join(OUTPUT, 'no-config-gallery.png') });
    assert.equal(alts.length, 4, JSON.stringify(alts));
    for (const alt of alts) assert.match(alt, /^Reconstruction of \S+ from layer2\.1, cosine -?\d\.\d{3}$/);
    const file = join(FOLDER, 'models', 'extractor-generator.ganlens.json');
    assert.ok(existsSync(file), `${file} was written`);
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { extractor: { mean: number[] }; pairs: { from: string; to: string }[] };
    assert.deepEqual(configErrors(raw), [], 'the written config validates against the schema');
    assert.deepEqual(raw.extractor.mean, [0.485, 0.456, 0.406], 'ImageNet normalisation, as picked');
    assert.equal(raw.pairs[0]?.from, 'layer2.1', 'the picked layer is the one paired');
  } catch (e) {
    await page.screenshot({ path: join(OUTPUT, 'no-config-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await context.close();
  }
});
