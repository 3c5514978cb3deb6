/** <gan-job-progress> in Debian chromium: renders a JobProgress and asks to cancel its job. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import type { JobProgress } from '../../src/protocol/progress';
import { launchChromium } from './browser';

let browser: Browser;
let bundle: string;

before(async () => {
  const out = await build({ entryPoints: ['src/webview/components/job-progress.ts'], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false });
  bundle = out.outputFiles[0]!.text;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test('shows step, loss, samples/s and ETA, and Cancel fires cancel-job with the job id', async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.route('http://webview.test/**', (route) =>
    route.fulfill(
      route.request().url().endsWith('.js')
        ? { contentType: 'text/javascript', body: bundle }
        : { contentType: 'text/html', body: '<!DOCTYPE html><body><gan-job-progress label="Stitch training"></gan-job-progress><script type="module" src="/c.js"></script></body>' },
    ),
  );
  await page.goto('http://webview.test/');
  const progress: JobProgress = { jobId: 'stitch-1234abcd', step: 3, total: 12, message: 'epoch 3 of 12', loss: 0.123456, samplesPerSecond: 41.26, etaSeconds: 95 };
  await page.evaluate(`(() => {
    window.__cancelled = [];
    const el = document.querySelector('gan-job-progress');
    el.addEventListener('cancel-job', (e) => window.__cancelled.push(e.detail));
    el.progress = ${JSON.stringify(progress)};
  })()`);
  const status = page.getByRole('status');
  await status.filter({ hasText: 'epoch 3 of 12' }).waitFor();
  assert.equal((await status.textContent())!.replace(/\s+/g, ' ').trim(), 'epoch 3 of 12 loss 0.1235 41.3 samples/s about 1 min 35 s left');
  const bar = page.getByRole('progressbar', { name: 'Stitch training' });
  assert.equal(await bar.getAttribute('aria-valuenow'), '3');
  assert.equal(await bar.getAttribute('aria-valuemax'), '12');
  await page.getByRole('button', { name: 'Cancel Stitch training' }).click();
  assert.deepEqual(await page.evaluate('window.__cancelled'), ['stitch-1234abcd']);
  await page.close();
});
