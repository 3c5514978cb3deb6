/**
 * GAN Lens end to end in a real VS Code workbench (code-server from npm on Node 24, Debian chromium through
 * playwright-core), with the extension installed from the .vsix that `npm run package` builds.
 * Needs `bash scripts/e2e/setup.sh` once; fails (does not skip) with that hint when it was not run.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { build } from 'esbuild';
import { OUTPUT, WORK, requireSetup } from './workbench/env';
import { resetState, startCodeServer, type CodeServer } from './workbench/code-server';
import { installVsix, packageVsix } from './workbench/vsix';
import { invertModel, prepareWorkspace, type E2eWorkspace } from './workbench/workspace';
import { clickExplorerMenuItem, launchWorkbenchBrowser, notificationsText, waitForWorkbench } from './workbench/browser';

let server: CodeServer | undefined;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
let workspace: E2eWorkspace;
let extensionDir: string;

before(async () => {
  requireSetup();
  mkdirSync(OUTPUT, { recursive: true });
  let t = performance.now();
  const step = (what: string): void => {
    process.stderr.write(`e2e: ${what} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    t = performance.now();
  };
  packageVsix();
  step('npm run package');
  resetState();
  extensionDir = installVsix();
  step('installed the .vsix into code-server');
  workspace = prepareWorkspace();
  // The invert test trains layer2 "now": a run left by an earlier test run would make the editor ask Continue/Retrain.
  rmSync(join(workspace.folder, 'runs', 'stitch-layer2-blocks.1'), { recursive: true, force: true });
  server = await startCodeServer();
  step(`started code-server at ${server.url}, workspace ${workspace.folder}`);
});

after(async () => {
  await server?.stop();
});

test('right-click an .onnx, "GAN Lens: Open Model": real layer table; a row\'s Invert… opens the layer pick with that layer', async () => {
  const context = await launchWorkbenchBrowser('ui');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace.folder)}`);
    await waitForWorkbench(page);
    await page.locator(`.explorer-folders-view [role=treeitem][aria-label="${workspace.modelDir}"]`).click({ timeout: 30_000 });
    await clickExplorerMenuItem(page, workspace.modelFile, 'GAN Lens: Open Model');

    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const rows = view.locator('gan-model-view table.layers tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())),
    );
    await page.screenshot({ path: join(OUTPUT, 'model-editor.png') });
    assert.ok(cells.length > 0, 'the layer table has rows');
    assert.ok(cells.every((c) => c[0]!.length > 0 && /^[A-Za-z]/.test(c[1]!)), `every row names a tensor and an op: ${JSON.stringify(cells.slice(0, 3))}`);
    assert.equal(await view.locator('gan-model-view h1').textContent(), workspace.modelFile);
    if (workspace.modelFile === 'tiny-extractor.onnx') {
      // Names depend on the analysis (readable names once it lands); op, shape, spatial size and distance do not.
      assert.match(cells[1]![0]!, /layer1/);
      assert.deepEqual(cells[1]!.slice(1), ['Relu', '1×8×16×16', '16×16', '1']);
      assert.match(cells[3]![0]!, /layer2|features/);
      assert.deepEqual(cells[3]!.slice(1), ['Relu', '1×16×8×8', '8×8', '2']);
    }
    const tab = await page.locator('.tabs-container .tab.active').getAttribute('aria-label');
    assert.match(tab ?? '', new RegExp(escapeRegExp(workspace.modelFile)));

    // A row's "Invert…" posts to the host, which opens the layer quick pick with that layer preselected.
    const invert = view.locator('gan-model-view vscode-button[data-action=invert]:not([disabled])').last();
    const layerName = await invert.getAttribute('data-name');
    await invert.click();
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('.quick-input-list [role=option]').first().waitFor({ timeout: 30_000 });
    const active = quickInput.locator('.quick-input-list [role=option].focused');
    assert.match((await active.textContent()) ?? '', new RegExp(escapeRegExp(layerName!)));
    await page.waitForTimeout(300); // the list ignores a click in the first moments after it renders, like menus
    await active.click();
    // Accepting the layer moves on to the generator pick of "Invert This Layer…".
    await quickInput.locator('.quick-input-title', { hasText: `${layerName}: generator` }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(OUTPUT, 'invert-layer-pick.png') });
    await page.keyboard.press('Escape');
  } finally {
    await context.close();
  }
});

test('right-click the extractor, "Invert This Layer…", layer2, the config\'s generator, stitch (train now): the gallery shows reconstructions', async () => {
  const context = await launchWorkbenchBrowser('invert');
  const t0 = performance.now();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace.folder)}`);
    await waitForWorkbench(page);
    await page.locator(`.explorer-folders-view [role=treeitem][aria-label="${workspace.modelDir}"]`).click({ timeout: 30_000 });
    await clickExplorerMenuItem(page, invertModel(workspace), 'Invert This Layer…');
    const quickInput = page.locator('.quick-input-widget');
    const pick = async (title: RegExp, filter: string): Promise<void> => {
      await quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 60_000 });
      await quickInput.locator('.quick-input-list [role=option]').first().waitFor({ timeout: 10_000 });
      await page.waitForTimeout(300);
      if (filter) await quickInput.locator('.quick-input-box input').fill(filter);
      await quickInput.locator('.quick-input-list [role=option].focused', { hasText: filter ? undefined : /./ }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
    };
    await pick(/Invert This Layer/, workspace.layer2Tensor);
    await pick(/: generator$/, '');
    await pick(/layer2: method$/, 'train now');

    // Training runs in a notification and the Stitch panel; then the gallery opens. Find its webview frame.
    let alts: string[] = [];
    let frame: import('playwright-core').Frame | undefined;
    const deadline = Date.now() + 150_000;
    while (alts.length === 0 && Date.now() < deadline) {
      await page.waitForTimeout(1_000);
      for (const f of page.frames()) {
        const imgs = f.locator('gan-gallery-view img.reconstruction');
        if ((await imgs.count().catch(() => 0)) > 0) {
          frame = f;
          alts = await imgs.evaluateAll((els) => els.map((e) => e.getAttribute('alt') ?? ''));
        }
      }
    }
    await page.screenshot({ path: join(OUTPUT, 'invert-gallery.png') });
    assert.ok(frame, `the Reconstruction gallery showed reconstructions within 150 s\n${await notificationsText(page).catch(() => '')}`);
    assert.equal(alts.length, 4, `four reconstructions (setting ganLens.gallery.images): ${JSON.stringify(alts)}`);
    for (const alt of alts) assert.match(alt, /^Reconstruction of \S+ from layer2, cosine -?\d\.\d{3}$/);
    // The pixels are a real image: decoded, at the extractor's input size, not one flat colour.
    const stats = await frame.locator('gan-gallery-view img.reconstruction').first().evaluate((img: HTMLImageElement) => {
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let min = 255;
      let max = 0;
      for (let i = 0; i < d.length; i += 4) {
        min = Math.min(min, d[i]!, d[i + 1]!, d[i + 2]!);
        max = Math.max(max, d[i]!, d[i + 1]!, d[i + 2]!);
      }
      return { w: img.naturalWidth, h: img.naturalHeight, min, max };
    });
    assert.ok(stats.w >= 32 && stats.w === stats.h, `square image at the input size: ${JSON.stringify(stats)}`);
    assert.ok(stats.max - stats.min > 10, `not a flat image: ${JSON.stringify(stats)}`);
    const status = await frame.locator('gan-gallery-view .stats').textContent();
    assert.match(status ?? '', /Layer layer2 → generator/);
    process.stderr.write(`e2e: invert → gallery in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } finally {
    await context.close();
  }
});

test('extension-host mocha suite inside the workbench: commands registered, engine hello, analysis, self-test job, custom editor', async () => {
  const suite = join(WORK, 'suite/index.js');
  await build({
    entryPoints: ['test/e2e/suite/index.ts'],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha/*'],
    logLevel: 'silent',
  });
  const authority = new URL(server!.url).host;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDir}`],
    ['extensionTestsPath', `vscode-remote://${authority}${suite}`],
  ];
  const context = await launchWorkbenchBrowser('exthost');
  const lines: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let exit!: (code: number) => void;
    const exited = new Promise<number>((r) => (exit = r));
    await page.exposeFunction('codeAutomationLog', (_level: unknown, args: unknown[]) => lines.push(format(...(args as [unknown, ...unknown[]]))));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension-host suite did not finish in 120 s.\n${lines.join('\n')}`)), 120_000);
    });
    const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    assert.equal(code, 0, `extension-host tests failed:\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => /5 passing/.test(l)), `all 5 extension-host tests ran:\n${lines.join('\n')}`);
  } finally {
    await context.close();
  }
});
