/**
 * Views that survive a window reload, in a real workbench (code-server + Debian chromium, the extension from its
 * .vsix): open the Reconstruction gallery on two trained demo runs, move to the second layer and a new seed, reload
 * the window — the gallery is back on that layer and seed, and reconstructs again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { OUTPUT, REPO } from './workbench/env';
import { startCodeServer, type CodeServer } from './workbench/code-server';
import { prepareWorkbench } from './workbench/session';
import { launchWorkbenchBrowser, notificationsText, runPaletteCommand, waitForWorkbench } from './workbench/browser';

const DEMO = join(REPO, 'demo');
const RUNS = join(DEMO, 'runs', 'e2e-reload');
let server: CodeServer | undefined;

before(async () => {
  prepareWorkbench();
  rmSync(RUNS, { recursive: true, force: true });
  // Two quick stitch runs under the config's output folder: the gallery finds them there.
  for (const pair of ['layer1:blocks.2', 'layer2:blocks.1']) {
    const out = join(RUNS, pair.replace(/[^A-Za-z0-9.]+/g, '-'));
    const r = spawnSync(process.execPath, [join(REPO, 'dist/cli.js'), 'stitch', '--config', join(DEMO, 'demo.ganlens.json'), '--pair', pair, '--epochs', '1', '--samples-per-epoch', '16', '--validation-size', '4', '--out', out], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  server = await startCodeServer();
});

after(async () => {
  await server?.stop();
  rmSync(RUNS, { recursive: true, force: true });
});

/** The gallery's frame once it shows reconstructions, and what it shows. */
async function galleryShowing(page: Page, timeoutMs: number): Promise<{ frame: Frame; layer: string; seed: string; images: number }> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const f of page.frames()) {
      const imgs = await f.locator('gan-gallery-view img.reconstruction').count().catch(() => 0);
      if (imgs > 0) {
        const layer = ((await f.locator('gan-gallery-view .layer-name').textContent().catch(() => '')) ?? '').trim();
        const seed = ((await f.locator('gan-gallery-view .controls .muted').first().textContent().catch(() => '')) ?? '').trim();
        return { frame: f, layer, seed, images: imgs };
      }
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no gallery with reconstructions within ${timeoutMs / 1000} s\n${await notificationsText(page).catch(() => '')}`);
}

test('the Reconstruction gallery comes back after a window reload, on the same layer and seed', async () => {
  const context = await launchWorkbenchBrowser('reload');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(DEMO)}`);
    await waitForWorkbench(page);
    await runPaletteCommand(page, 'GAN Lens: Open Reconstruction Gallery…');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('.quick-input-list [role=option]', { hasText: 'demo.ganlens.json' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await quickInput.locator('.quick-input-box input').fill('demo.ganlens.json');
    await page.keyboard.press('Enter');

    const first = await galleryShowing(page, 120_000);
    // Move the slider to the next layer and shuffle the seed, as a user would.
    const slider = first.frame.locator('gan-gallery-view input[type=range]');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await first.frame.locator('gan-gallery-view .stats', { hasText: /Layer layer2 → generator/ }).waitFor({ timeout: 60_000 });
    await first.frame.getByRole('button', { name: 'Shuffle the seed' }).click();
    await page.waitForTimeout(1_500);
    const before = await galleryShowing(page, 60_000);
    assert.equal(before.layer, 'layer2');
    assert.notEqual(before.seed, 'seed 0', 'the seed was shuffled');

    await runPaletteCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(2_000);
    await waitForWorkbench(page);
    const after = await galleryShowing(page, 120_000);
    await page.screenshot({ path: join(OUTPUT, 'gallery-after-reload.png') });
    assert.equal(after.layer, 'layer2', 'the same layer');
    assert.equal(after.seed, before.seed, 'the same seed');
    assert.ok(after.images > 0);
    await after.frame.locator('gan-gallery-view .stats', { hasText: /Layer layer2 → generator/ }).waitFor({ timeout: 60_000 });
  } finally {
    await context.close();
  }
});
