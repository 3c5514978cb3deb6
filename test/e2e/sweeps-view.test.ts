/**
 * The Sweeps view in a real workbench (code-server + Debian chromium, the extension from its .vsix): a planned stitch
 * sweep of the demo world shows its items pending; Retry runs them on the local pool; the view follows them to done;
 * Merge merges; an item opens its log. Needs `bash scripts/e2e/setup.sh` once (fails with that hint otherwise).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { OUTPUT, REPO } from './workbench/env';
import { startCodeServer, type CodeServer } from './workbench/code-server';
import { prepareWorkbench } from './workbench/session';
import { launchWorkbenchBrowser, notificationsText, runPaletteCommand, waitForWorkbench } from './workbench/browser';

const DEMO = join(REPO, 'demo');
const RUN = join(DEMO, 'runs', 'sweeps', 'e2e-stitch');
let server: CodeServer | undefined;

before(async () => {
  prepareWorkbench();
  rmSync(RUN, { recursive: true, force: true });
  // Tiny epochs: the view is under test, not the training.
  const plan = spawnSync(
    process.execPath,
    [join(REPO, 'dist/cli.js'), 'sweep', 'plan', '--config', join(DEMO, 'demo.ganlens.json'), '--kind', 'stitch', '--samples-per-epoch', '16', '--validation-size', '4', '--out', RUN],
    { cwd: REPO, encoding: 'utf8' },
  );
  assert.equal(plan.status, 0, plan.stderr);
  server = await startCodeServer();
});

after(async () => {
  await server?.stop();
  rmSync(RUN, { recursive: true, force: true });
});

/** The view's row of the sweep (its label is the kind and the folder name). */
function sweepRow(page: Page): Locator {
  return page.locator('.pane-body [role=treeitem]', { hasText: 'stitch: e2e-stitch' }).first();
}

async function rowText(row: Locator): Promise<string> {
  return ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
}

async function waitForRow(page: Page, row: Locator, pattern: RegExp, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < until) {
    text = await rowText(row).catch(() => '');
    if (pattern.test(text)) return text;
    await page.waitForTimeout(1_000);
  }
  throw new Error(`the Sweeps view never showed ${pattern} (last: "${text}")\n${await notificationsText(page).catch(() => '')}`);
}

async function clickInline(page: Page, row: Locator, title: string): Promise<void> {
  await row.hover();
  await row.locator(`.actions [role=button][aria-label="${title}"], .actions a[aria-label="${title}"]`).first().click({ timeout: 10_000 });
  await page.waitForTimeout(300);
}

test('Sweeps view: a planned sweep shows pending items; Retry runs them to done; Merge; an item opens its log', async () => {
  const context = await launchWorkbenchBrowser('sweeps');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(DEMO)}`);
    await waitForWorkbench(page);
    await runPaletteCommand(page, 'GAN Lens: Focus on Sweeps View');
    const row = sweepRow(page);
    await row.waitFor({ timeout: 60_000 });
    assert.match(await rowText(row), /0\/4 done, 4 pending/);

    await clickInline(page, row, 'Retry Failed Items');
    const done = await waitForRow(page, row, /4\/4 done/, 600_000);
    assert.match(done, /local/, `the view says which scheduler ran it: ${done}`);
    for (const id of ['000-stitch-layer1-blocks.2', '003-stitch-layer4-fc']) assert.ok(existsSync(join(RUN, 'items', id, 'done.json')), `${id} finished`);

    // An inline action shows on hover; on a loaded machine a click can land before it does: click again until the
    // merge has happened (the file is the evidence), then the row must say so.
    const merged = join(RUN, 'merged', 'stitch-runs.json');
    for (let i = 0; i < 6 && !existsSync(merged); i++) {
      await clickInline(page, row, 'Merge Sweep');
      for (let t = 0; t < 20 && !existsSync(merged); t++) await page.waitForTimeout(1_000);
    }
    assert.ok(existsSync(merged), 'Merge wrote merged/stitch-runs.json');
    await waitForRow(page, row, /merged/, 60_000);

    // Expand the sweep; an item's row opens its log in an editor.
    await row.click();
    const item = page.locator('.pane-body [role=treeitem]', { hasText: '001-stitch-layer2-blocks.1' }).first();
    await item.waitFor({ timeout: 10_000 });
    assert.match(await rowText(item), /done/);
    await item.click();
    const tab = page.locator('.tabs-container .tab.active');
    await tab.waitFor({ timeout: 30_000 });
    assert.match((await tab.getAttribute('aria-label')) ?? '', /item-001-stitch-layer2-blocks\.1\.log/);
    await page.screenshot({ path: join(OUTPUT, 'sweeps-view.png') });
  } finally {
    await context.close();
  }
});
