/**
 * The model editor's webview in a real browser, with the host faked at the message boundary: acquireVsCodeApi
 * records what the page posts and keeps its state; the test posts ModelViewToWebview messages as the host would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ModelViewState, ModelViewToHost, ModelViewToWebview } from '../../src/protocol/views/model';
import { join } from 'node:path';
import { analysisFixture } from './fixtures';
import { analyzeModel } from '../../src/engine/model/analyze';
import { weightCopyExtractor } from '../helpers/models';
import { chromiumPerFile } from './browser';
import { openView as openSharedView } from './open-view';

const browser = chromiumPerFile();

interface FakeHostWindow {
  __posted: ModelViewToHost[];
  __state: ModelViewState | undefined;
}

/** The model view with the shared fake host (test/webview/open-view.ts). */
async function openView(initialState?: ModelViewState): Promise<Page> {
  return (await openSharedView(browser(), 'model', initialState)).page;
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

test('a real generator analysis shows concrete shapes with the batch as N and a sampling distance on every spatial row', async () => {
  const analysis = await analyzeModel(join(__dirname, '..', '..', 'demo', 'models', 'generator.onnx'));
  const page = await openView();
  await send(page, { type: 'analysis', analysis, trusted: true });
  const outputs = await page.getByRole('table', { name: 'Outputs' }).locator('tbody td').allTextContents();
  assert.deepEqual(outputs, ['image', 'float32', 'N×3×128×128']);
  const rows = await rowTexts(page);
  assert.ok(rows.length > 20);
  for (const [name, , shape, spatial, distance] of rows) {
    assert.match(shape!, /^((N|\d+)(×(N|\d+))*|scalar)$/, `${name}: ${shape}`);
    if (spatial !== '—') assert.match(distance!, /^\d+$/, `${name} has no sampling distance`);
  }
  assert.deepEqual(rows.find((r) => r[0]!.startsWith('blocks.4.act'))?.slice(2), ['N×8×128×128', '128×128', '0']);
  await page.close();
});

test('tensors computed from weights alone are hidden until "Weight copies" is ticked, and the choice persists', async () => {
  const analysis = await analyzeModel(weightCopyExtractor(), { file: '/w/copies.onnx' });
  const page = await openView();
  await send(page, { type: 'analysis', analysis, trusted: true });
  assert.deepEqual((await rowTexts(page)).map((r) => r[0]), ['conv', 'out = relu']);
  await page.locator('#layer-count').filter({ hasText: '2 of 2 layers' }).waitFor();
  await page.locator('#show-constants').click();
  await page.locator('#layer-count').filter({ hasText: '4 of 4 layers' }).waitFor();
  assert.deepEqual((await rowTexts(page)).map((r) => r[0]), ['onnx::Conv_12', 'scaled_weight', 'conv', 'out = relu']);
  assert.equal((await page.evaluate(() => (window as unknown as FakeHostWindow).__state))?.showConstants, true);
  await page.close();
});

test('the action column never leaves the editor: long StyleGAN2 names wrap, narrow editors show icon-only buttons', async () => {
  const long = (i: number): (typeof analysisFixture.layers)[number] => ({
    ...analysisFixture.layers[0]!,
    tensor: `/synthesis/b${2 ** (i + 2)}/conv1/modulated_conv2d_with_demodulation_and_noise_injection_${i}/Clip_output_0`,
    name: `synthesis.b${2 ** (i + 2)}.conv1.affine_and_modulated_convolution_block_${i}`,
    aliases: [`synthesis.b${2 ** (i + 2)}`, `synthesis.b${2 ** (i + 2)}.features`],
    shape: [1, 512, 2 ** (i + 2), 2 ** (i + 2)],
    spatial: [2 ** (i + 2), 2 ** (i + 2)],
  });
  const analysis = { ...analysisFixture, layers: [...analysisFixture.layers, ...Array.from({ length: 6 }, (_, i) => long(i))] };
  const page = await openView();
  for (const width of [560, 900, 1400, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await send(page, { type: 'analysis', analysis, trusted: true });
    await rowTexts(page);
    const fit = await page.evaluate(() => {
      const doc = document.scrollingElement!;
      const buttons = [...document.querySelector('gan-model-view')!.shadowRoot!.querySelectorAll('td.actions vscode-button')];
      return { scroll: doc.scrollWidth, client: doc.clientWidth, right: Math.max(...buttons.map((b) => b.getBoundingClientRect().right)), labels: buttons.filter((b) => (b.querySelector('.label') as HTMLElement).offsetWidth > 0).length };
    });
    assert.ok(fit.scroll <= fit.client, `${width} px: the page does not scroll sideways (${fit.scroll} > ${fit.client})`);
    assert.ok(fit.right <= fit.client, `${width} px: the last action button ends at ${fit.right}, inside ${fit.client}`);
    if (width >= 1400) assert.ok(fit.labels > 0, `${width} px: buttons show their labels`);
    else assert.equal(fit.labels, 0, `${width} px: icon-only buttons`);
  }
  await page.close();
});
