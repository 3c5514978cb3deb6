/** Debian chromium through playwright-core, with a fresh profile per run (VS Code web keeps layout in IndexedDB). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, WORK } from './env';

export async function launchWorkbenchBrowser(name: string): Promise<BrowserContext> {
  const profile = join(WORK, `profile-${name}`);
  rmSync(profile, { recursive: true, force: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** Waits for the smoke-test driver and a restored workbench. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForFunction(() => !!(window as unknown as { driver?: unknown }).driver, undefined, { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as { driver: { whenWorkbenchRestored(): Promise<void> } }).driver.whenWorkbenchRestored());
}

/**
 * Right-clicks an explorer row until the menu shows `item` (a restored workbench registers extension menus a few
 * seconds late), waits out the menu's 100 ms mouse-up guard, then clicks it.
 */
export async function clickExplorerMenuItem(page: Page, row: string, item: string, tries = 12): Promise<void> {
  const treeItem = page.locator(`.explorer-folders-view [role=treeitem][aria-label="${row}"]`);
  await treeItem.waitFor({ timeout: 30_000 });
  for (let i = 0; i < tries; i++) {
    await treeItem.click({ button: 'right' });
    await page.getByRole('menu').first().waitFor({ timeout: 5_000 });
    const entry = page.getByRole('menuitem', { name: item });
    if (await entry.isVisible()) {
      await page.waitForTimeout(300);
      await entry.click();
      return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1_000);
  }
  throw new Error(`The explorer context menu of ${row} never showed "${item}" (${tries} tries).`);
}

/**
 * Runs a workbench command through the palette (F1), as a user would. An extension's commands reach the palette only
 * once the workbench has read its contributions, which takes a while on a loaded machine: the palette is reopened
 * until the command shows (`tries` × ~10 s).
 */
export async function runPaletteCommand(page: Page, label: string, tries = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.locator('.part.titlebar, .part.activitybar').first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(`>${label}`);
    const option = page.locator('.quick-input-list [role=option]', { hasText: label }).first();
    try {
      await option.waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (attempt >= tries) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
}

/** The text of the notification center (toasts are not shown in this workbench mode; the center lists them all). */
export async function notificationsText(page: Page): Promise<string> {
  await runPaletteCommand(page, 'Notifications: Show Notifications');
  const center = page.locator('.notifications-center');
  await center.waitFor({ timeout: 10_000 });
  return (await center.locator('.monaco-list-rows').textContent()) ?? '';
}
