/** HostConnection's lifecycle in chromium, host faked: `ready` on every connect, no host messages while detached. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumPerFile } from './browser';
import { openView } from './open-view';

const browser = chromiumPerFile();

test('a view removed from the page stops listening; put back, it says ready again and listens again', async () => {
  const v = await openView(browser(), 'compare');
  const text = (): Promise<string> => v.page.evaluate('window.__view.shadowRoot.textContent');
  await v.page.evaluate('window.__view = document.querySelector("gan-compare-view"); window.__view.remove()');
  await v.send({ type: 'error', error: { code: 'badInput', message: 'sent while detached' } });
  await v.page.evaluate('document.body.append(window.__view)');
  await v.page.waitForFunction('window.__posted.filter((m) => m.type === "ready").length === 2');
  assert.doesNotMatch(await text(), /sent while detached/);
  await v.send({ type: 'error', error: { code: 'badInput', message: 'sent after reconnecting' } });
  await v.page.waitForFunction('window.__view.shadowRoot.textContent.includes("sent after reconnecting")');
  assert.deepEqual(v.errors, []);
});
