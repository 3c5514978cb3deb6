/**
 * The gallery as the user meets it, without the VS Code window: the real gallery webview bundle in headless Chromium,
 * its host side played by the same steps as GalleryPanel (on `show`: post `loading`, ask the real engine process for
 * stitch/layerSwitch, post `result`), timed in the page from the slider's input event to the moment every tile of the
 * new layer has decoded (the next animation frame after it).
 */
import type { Browser, Page } from 'playwright-core';
import type { EngineClient } from '../../src/extension/engine/client';
import { StitchLayerSwitchRequest } from '../../src/protocol/stitch';
import type { GalleryLayer, GalleryToHost, GalleryToWebview } from '../../src/protocol/views/gallery';
import { webviewBundle } from '../../test/webview/open-view';

export interface GalleryPage {
  page: Page;
  /** ms from the page's `ready` to the first layer's tiles decoded (the first reconstruction after opening). */
  firstTilesMs: number;
  /** Each show's engine request as the host side saw it, ms. */
  engineMs: number[];
  /** Switches to `index` through the slider: ms until its tiles are decoded, and until its `result` message arrived. */
  switchTo(index: number): Promise<{ ms: number; resultMs: number }>;
  close(): Promise<void>;
}

const TILES_SHOWN = `(layer, count) => {
  const view = document.querySelector('gan-gallery-view');
  const root = view && view.shadowRoot;
  if (!root) return false;
  const stats = root.querySelector('.stats strong');
  const imgs = [...root.querySelectorAll('.grid img')];
  return !!stats && stats.textContent === layer && imgs.length === 2 * count && imgs.every((i) => i.complete && i.naturalWidth > 0);
}`;

export async function openGalleryPage(browser: Browser, client: EngineClient, layers: GalleryLayer[], count: number): Promise<GalleryPage> {
  const script = await webviewBundle();
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const post = (m: GalleryToWebview): Promise<void> => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  let readyAt = 0;
  const engineMs: number[] = [];
  const onHost = async (m: GalleryToHost): Promise<void> => {
    if (m.type === 'ready') {
      readyAt = await page.evaluate(() => performance.now());
      await post({ type: 'layers', title: 'bench', layers, selected: 0, seed: 0, content: 1 });
    } else if (m.type === 'show') {
      const layer = layers[m.index]!;
      await post({ type: 'loading', layer: layer.layer });
      const t = performance.now();
      const result = await client.request(StitchLayerSwitchRequest, { run: layer.run, seed: m.seed, count });
      engineMs.push(performance.now() - t);
      await post({ type: 'result', result, roundTripMs: performance.now() - t });
    }
  };
  await page.exposeFunction('__toHost', (m: GalleryToHost) => void onHost(m).catch((e: unknown) => console.error(`gallery host: ${e instanceof Error ? e.message : String(e)}`)));
  await page.addInitScript(`window.addEventListener('message', (e) => { if (e.data && e.data.type === 'result') window.__resultAt = performance.now(); }); window.acquireVsCodeApi = () => { let s; return { postMessage: (m) => window.__toHost(m), getState: () => s, setState: (x) => { s = x; } }; };`);
  await page.route('http://webview.test/**', (route) => {
    const isScript = route.request().url().endsWith('/webview.js');
    return route.fulfill({
      contentType: isScript ? 'text/javascript' : 'text/html',
      body: isScript ? script : `<!DOCTYPE html><html><body data-view="gallery"><script type="module" src="/webview.js"></script></body></html>`,
    });
  });
  await page.goto('http://webview.test/index.html');
  await page.waitForFunction(`(${TILES_SHOWN})(${JSON.stringify(layers[0]!.layer)}, ${count})`, undefined, { timeout: 60_000, polling: 'raf' });
  const firstTilesMs = (await page.evaluate(() => performance.now())) - readyAt;
  return {
    page,
    firstTilesMs,
    engineMs,
    // A string, not a function: tsx would wrap a function's inner closures in a helper the page does not have.
    switchTo: (index) =>
      page.evaluate(`(async () => {
        const shown = ${TILES_SHOWN};
        const root = document.querySelector('gan-gallery-view').shadowRoot;
        const slider = root.querySelector('input[type=range]');
        const t0 = performance.now();
        slider.value = String(${index});
        slider.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        await new Promise((resolve) => {
          const tick = () => (shown(${JSON.stringify(layers[index]!.layer)}, ${count}) ? resolve() : requestAnimationFrame(tick));
          requestAnimationFrame(tick);
        });
        return { ms: performance.now() - t0, resultMs: window.__resultAt - t0 };
      })()`) as Promise<{ ms: number; resultMs: number }>,
    close: () => page.close(),
  };
}
