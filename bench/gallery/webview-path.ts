/**
 * The gallery as the user meets it, without the VS Code window: the real gallery webview bundle in headless Chromium,
 * its host side played by the same steps as GalleryPanel (on `show`: post `loading`, ask the real engine process for
 * stitch/layerSwitch, post `result`), timed in the page from the slider's input event to the moment every tile of the
 * new layer has decoded (the next animation frame after it).
 *
 * Messages travel as in a webview, not over the DevTools protocol: the page is served by a local HTTP server, posts
 * to the host with fetch and receives with an EventSource (a few ms on loopback; Playwright's exposeFunction and
 * page.evaluate cost ~150 ms per switch at load, which VS Code's postMessage does not).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** The page's side of the bridge: acquireVsCodeApi posts with fetch; host messages arrive as window messages. */
const PAGE_BRIDGE = `
  const events = new EventSource('/events');
  events.onmessage = (e) => window.postMessage(JSON.parse(e.data), '*');
  window.addEventListener('message', (e) => { if (e.data && e.data.type === 'result') window.__resultAt = performance.now(); });
  window.acquireVsCodeApi = () => {
    let s;
    return {
      postMessage: (m) => {
        if (m && m.type === 'ready') window.__readyAt = performance.now();
        void fetch('/host', { method: 'POST', body: JSON.stringify(m) });
      },
      getState: () => s,
      setState: (x) => { s = x; },
    };
  };`;

export async function openGalleryPage(browser: Browser, client: EngineClient, layers: GalleryLayer[], count: number): Promise<GalleryPage> {
  const script = await webviewBundle();
  const listeners = new Set<ServerResponse>();
  const pending: string[] = [];
  const post = async (m: GalleryToWebview): Promise<void> => {
    const line = `data: ${JSON.stringify(m)}\n\n`;
    if (listeners.size === 0) pending.push(line); // posted before the page's EventSource connected
    for (const l of listeners) l.write(line);
  };
  const engineMs: number[] = [];
  const onHost = async (m: GalleryToHost): Promise<void> => {
    if (m.type === 'ready') {
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
  const server = createServer((req, res) => {
    if (req.url === '/webview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(':\n\n');
      listeners.add(res);
      for (const line of pending.splice(0)) res.write(line);
      req.on('close', () => listeners.delete(res));
    } else if (req.url === '/host' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(204).end();
        void onHost(JSON.parse(body) as GalleryToHost).catch((e: unknown) => console.error(`gallery host: ${e instanceof Error ? e.message : String(e)}`));
      });
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!DOCTYPE html><html><body data-view="gallery"><script>${PAGE_BRIDGE}</script><script type="module" src="/webview.js"></script></body></html>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
  await page.waitForFunction(`(${TILES_SHOWN})(${JSON.stringify(layers[0]!.layer)}, ${count})`, undefined, { timeout: 60_000, polling: 'raf' });
  const firstTilesMs = (await page.evaluate(() => performance.now() - (window as unknown as { __readyAt: number }).__readyAt));
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
    close: async () => {
      await page.close();
      for (const l of listeners) l.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
