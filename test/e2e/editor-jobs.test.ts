/**
 * The editor's live evaluation job in a real VS Code workbench (code-server + Debian chromium), #19: the Evaluate
 * CodeLens starts the evaluate/run engine job, the Comparison view shows progress, Cancel stops it, a second start
 * fills the view in layer by layer to the finished report. (Views restored after a reload: reload.test.ts.)
 * Workspace: the demo models with a small config (test/e2e/workbench/jobs-workspace.ts). Needs scripts/e2e/setup.sh.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { OUTPUT } from './workbench/env';
import { startCodeServer, type CodeServer } from './workbench/code-server';
import { prepareWorkbench } from './workbench/session';
import { prepareJobsWorkspace, type JobsWorkspace } from './workbench/jobs-workspace';
import { launchWorkbenchBrowser, notificationsText, waitForWorkbench } from './workbench/browser';

let server: CodeServer | undefined;
let ws: JobsWorkspace;

before(async () => {
  prepareWorkbench();
  ws = await prepareJobsWorkspace();
  server = await startCodeServer();
});

after(async () => {
  await server?.stop();
});

async function openWorkspace(page: Page): Promise<void> {
  await page.goto(`${server!.url}/?folder=${encodeURIComponent(ws.folder)}`);
  await waitForWorkbench(page);
}

/** Opens the config in the editor (Quick Open) and clicks one of its CodeLenses once the extension has provided them. */
async function clickCodeLens(page: Page, title: string): Promise<void> {
  await page.locator(`.explorer-folders-view [role=treeitem][aria-label="${ws.configName}"]`).click({ timeout: 60_000 });
  const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: title }).first();
  await lens.waitFor({ timeout: 60_000 });
  await page.waitForTimeout(300);
  await lens.click();
}

/** The webview frame whose page holds `selector`, waiting up to `ms`. */
async function frameWith(page: Page, selector: string, ms = 60_000): Promise<Frame> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const f of page.frames()) if ((await f.locator(selector).count().catch(() => 0)) > 0) return f;
    await page.waitForTimeout(500);
  }
  throw new Error(`no webview showed ${selector} within ${ms / 1000} s\n${await notificationsText(page).catch(() => '')}`);
}

test('evaluation: the Evaluate CodeLens starts the engine job with progress; Cancel stops it; a second run fills the Comparison view', async () => {
  const context = await launchWorkbenchBrowser('jobs-evaluate');
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await openWorkspace(page);
    const start = async (): Promise<void> => {
      await clickCodeLens(page, 'Evaluate');
      const quickInput = page.locator('.quick-input-widget');
      const run = quickInput.locator('.quick-input-list [role=option].focused', { hasText: 'Run the evaluation' });
      await run.waitFor({ timeout: 30_000 });
      await page.waitForTimeout(300);
      await page.keyboard.press('Enter');
    };
    await start();
    let frame = await frameWith(page, 'gan-compare-view');
    const progress = frame.locator('gan-compare-view [role=status][aria-label="Evaluation progress"]');
    await progress.waitFor({ timeout: 60_000 });
    await frame.locator('gan-compare-view [role=status][aria-label="Evaluation progress"] span', { hasText: /layer1 \(1\/2\)/ }).waitFor({ timeout: 60_000 });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await frame.locator('gan-compare-view', { hasText: 'Evaluation cancelled' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(OUTPUT, 'evaluation-cancelled.png') });

    await start();
    frame = await frameWith(page, 'gan-compare-view [role=status][aria-label="Evaluation progress"]');
    // Fills in: one layer section while the second is still running, then both with the finished report.
    const sections = frame.locator('gan-compare-view section.layer');
    const seen = new Set<number>();
    const deadline = Date.now() + 240_000;
    for (;;) {
      const n = await sections.count();
      seen.add(n);
      const running = await frame.locator('gan-compare-view [aria-label="Evaluation progress"]').count();
      if (n === 2 && running === 0) break;
      assert.ok(Date.now() < deadline, `the evaluation finished within 240 s (sections seen: ${[...seen].join(', ')})\n${await notificationsText(page).catch(() => '')}`);
      await page.waitForTimeout(250);
    }
    assert.ok(seen.has(1), `the view showed layer1 before layer2 was done (sections seen: ${[...seen].join(', ')})`);
    const titles = await sections.locator('h2').allTextContents();
    assert.deepEqual(titles.map((t) => t.split(' ')[0]), ['layer1', 'layer2']);
    assert.equal(await frame.locator('gan-compare-view [role=status]', { hasText: 'Partial report' }).count(), 0);
    const cells = await sections.first().locator('tbody tr').count();
    assert.equal(cells, 5, 'a row per method');
    assert.ok((await sections.first().locator('img').count()) === 1, 'the layer grid image');
    await page.screenshot({ path: join(OUTPUT, 'evaluation-filled.png') });
  } catch (e) {
    await page.screenshot({ path: join(OUTPUT, 'evaluation-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await context.close();
  }
});
