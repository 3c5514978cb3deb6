/**
 * Opens one webview root (data-view) of dist/webview.js's source in Debian chromium with the host faked at the
 * message boundary: acquireVsCodeApi records posts in window.__posted and keeps state in window.__state.
 */
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

let bundle: Promise<string> | undefined;

export function webviewBundle(): Promise<string> {
  bundle ??= build({ entryPoints: ['src/webview/main.ts'], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false }).then(
    (out) => out.outputFiles[0]!.text,
  );
  return bundle;
}

export interface ViewPage {
  page: Page;
  errors: string[];
  posted<T>(): Promise<T[]>;
  send(message: unknown): Promise<void>;
}

export async function openView(browser: Browser, view: string, initialState?: unknown): Promise<ViewPage> {
  const script = await webviewBundle();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(initialState ?? null)} ?? undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  await page.route('http://webview.test/**', (route) => {
    const isScript = route.request().url().endsWith('/webview.js');
    return route.fulfill({
      contentType: isScript ? 'text/javascript' : 'text/html',
      body: isScript ? script : `<!DOCTYPE html><html><body data-view="${view}"><script type="module" src="/webview.js"></script></body></html>`,
    });
  });
  await page.goto('http://webview.test/index.html');
  await page.waitForFunction('window.__posted.some((m) => m.type === "ready")').catch((e: Error) => {
    throw new Error(`${e.message}\npage errors: ${errors.join('\n')}`);
  });
  assert.deepEqual(errors, []);
  return {
    page,
    errors,
    posted: <T>() => page.evaluate('window.__posted') as Promise<T[]>,
    send: async (message) => {
      await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
    },
  };
}
