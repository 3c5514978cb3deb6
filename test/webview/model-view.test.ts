/**
 * The model editor's webview in a real browser, with the host faked at the message boundary: acquireVsCodeApi
 * records what the page posts and keeps its state; the test posts ModelViewToWebview messages as the host would.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { ModelViewState, ModelViewToHost, ModelViewToWebview } from '../../src/engine/protocol/webview';
import { analysisFixture } from './fixtures';
import { launchChromium } from './browser';

let browser: Browser;
let bundle: string;

before(async () => {
  const out = await build({ entryPoints: ['src/webview/main.ts'], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false });
  bundle = out.outputFiles[0]!.text;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

interface FakeHostWindow {
  __posted: ModelViewToHost[];
  __state: ModelViewState | undefined;
}

async function openView(initialState?: ModelViewState): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  // A string, not a function: tsx would add `__name` helpers that do not exist in the page.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(initialState ?? null)} ?? undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  // A fake origin so init scripts run (they do not on about:blank) and the bundle loads as a module script.
  await page.route('http://webview.test/**', (route) => {
    const isScript = route.request().url().endsWith('/webview.js');
    return route.fulfill({
      contentType: isScript ? 'text/javascript' : 'text/html',
      body: isScript ? bundle : '<!DOCTYPE html><html><body data-view="model"><script type="module" src="/webview.js"></script></body></html>',
    });
  });
  await page.goto('http://webview.test/index.html');
  await page.waitForFunction(() => (window as unknown as FakeHostWindow).__posted.some((m) => m.type === 'ready')).catch((e: Error) => {
    throw new Error(`${e.message}\npage errors: ${errors.join('\n')}`);
  });
  assert.deepEqual(errors, []);
  return page;
}

async function send(page: Page, m: ModelViewToWebview): Promise<void> {
  await page.evaluate((msg) => window.postMessage(msg, '*'), m);
}

async function rowTexts(page: Page): Promise<string[][]> {
  const rows = page.locator('gan-model-view table.layers tbody tr');
  await rows.first().waitFor();
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent!.replace(/\s+/g, ' ').trim())));
}

test('renders the summary and the layer table from an analysis message', async () => {
  const page = await openView();
  await send(page, { type: 'loading', file: 'resnet-mini.onnx' });
  await page.getByRole('status').filter({ hasText: 'Analysing resnet-mini.onnx' }).waitFor();
  await send(page, { type: 'analysis', analysis: analysisFixture, trusted: true });
  const rows = await rowTexts(page);
  assert.equal(rows.length, 6);
  assert.deepEqual(rows[3], ['layer1.0.relu = layer1', 'Relu', '1×32×16×16', '16×16', '2']);
  assert.deepEqual(rows[5], ['fc', 'Gemm', '1×10', '—', '—']);
  assert.equal(await page.locator('gan-model-view h1').textContent(), 'resnet-mini.onnx');
  assert.equal(await page.locator('gan-model-view [data-fact=parameters]').textContent(), '1.23 M');
  assert.equal(await page.locator('gan-model-view [data-fact=initializers]').textContent(), '12');
  const inputs = await page.getByRole('table', { name: 'Inputs' }).locator('tbody td').allTextContents();
  assert.deepEqual(inputs, ['image', 'image', 'float32', 'batch×3×64×64']);
  const ops = await page.locator('gan-model-view .ops .op-name').allTextContents();
  assert.deepEqual(ops, ['Conv', 'Relu', 'Gemm']);
  await page.close();
});

test('the filter box narrows the rows, persists in the webview state, and a click posts the layer action', async () => {
  const page = await openView();
  await send(page, { type: 'analysis', analysis: analysisFixture, trusted: true });
  await rowTexts(page);
  await page.getByRole('textbox', { name: 'Filter layers' }).fill('relu');
  await page.locator('#layer-count').filter({ hasText: '2 of 6 layers' }).waitFor();
  assert.deepEqual((await rowTexts(page)).map((r) => r[0]), ['relu', 'layer1.0.relu = layer1']);
  assert.equal((await page.evaluate(() => (window as unknown as FakeHostWindow).__state))?.filter, 'relu');

  await page.getByRole('button', { name: 'Invert layer1.0.relu' }).click();
  const posted = await page.evaluate(() => (window as unknown as FakeHostWindow).__posted);
  assert.deepEqual(posted.at(-1), { type: 'layerAction', action: 'invert', tensor: '/layer1/0/relu/Relu_output_0', name: 'layer1.0.relu' });

  // Keyboard: Tab to the next row's first action and press Enter.
  await page.getByRole('button', { name: 'Copy name layer1.0.relu' }).focus();
  await page.keyboard.press('Enter');
  const last = await page.evaluate(() => (window as unknown as FakeHostWindow).__posted.at(-1));
  assert.deepEqual(last, { type: 'layerAction', action: 'copyName', tensor: '/layer1/0/relu/Relu_output_0', name: 'layer1.0.relu' });
  await page.close();
});

test('restores the filter from saved state, disables running actions in restricted mode, and shows engine errors', async () => {
  const page = await openView({ filter: 'layer2', scrollTop: 0 });
  await send(page, { type: 'analysis', analysis: analysisFixture, trusted: false });
  assert.deepEqual((await rowTexts(page)).map((r) => r[0]), ['layer2.0.conv1 = layer2']);
  await page.getByRole('note').filter({ hasText: 'Restricted Mode' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Invert layer2.0.conv1' }).getAttribute('disabled'), '');
  assert.equal(await page.getByRole('button', { name: 'Copy name layer2.0.conv1' }).getAttribute('disabled'), null);

  await send(page, {
    type: 'error',
    file: 'broken.onnx',
    error: { kind: 'bad-input', message: 'broken.onnx is not a valid ONNX model: premature EOF.', details: { file: 'broken.onnx' } },
  });
  assert.match((await page.getByRole('alert').textContent()) ?? '', /broken\.onnx is not a valid ONNX model/);
  await page.getByRole('button', { name: 'Try again' }).click();
  const last = await page.evaluate(() => (window as unknown as FakeHostWindow).__posted.at(-1));
  assert.deepEqual(last, { type: 'reload' });
  await page.close();
});
