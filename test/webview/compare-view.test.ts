/** The Comparison view in chromium, host faked: the metrics table, timing, speed-ups and grid from a report message. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompareToWebview } from '../../src/protocol/views/compare';
import type { ReportMethod } from '../../src/protocol/evaluate';
import { chromiumPerFile } from './browser';
import { openView } from './open-view';

const browser = chromiumPerFile();

const s = (mean: number, std = 0.01) => ({ mean, std, min: mean - std, max: mean + std, n: 8 });
const method = (kind: string, label: string, cos: number, secondsPerImage: number): ReportMethod => ({
  kind,
  label,
  seconds: secondsPerImage * 8,
  secondsPerImage,
  metrics: [{ network: 'test-network', layer: 'layer2', cosine: s(cos), l1: s(0.2), gram: s(0.9) }],
  extractor: { cosine: s(cos + 0.05), l1: s(0.1) },
});

test('shows GAN and GD side by side: metrics per test network, time per image, the best cosine marked, speed-ups, grid', async () => {
  const v = await openView(browser(), 'compare');
  await v.send({
    type: 'report',
    report: {
      file: '/w/runs/eval/report.json',
      title: 'demo-tissue evaluation',
      created: '2026-11-25',
      settings: { images: 8, steps: 512, lr: 0.05, testNetworks: ['test-network'] },
      machine: { cpus: 2, cpuModel: 'Xeon', provider: 'cpu', threads: 2 },
      layers: [{
        layer: 'layer2',
        tensor: '/layer2/x',
        shape: [1, 32, 16, 16],
        grid: '/w/runs/eval/layer2/grid.png',
        gridRows: ['original', 'GAN (stitch)', 'GD with reg', 'GD no reg'],
        methods: [method('gan-stitch', 'GAN (stitch)', 0.81, 0.012), method('gd-reg', 'GD with reg', 0.74, 3.5), method('gd-none', 'GD no reg', 0.86, 3.4)],
      }],
      speedups: [{ versus: 'gd-reg', min: 250, mean: 291.7, max: 320 }],
    },
    grids: { layer2: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==' },
  } satisfies CompareToWebview);
  const section = v.page.getByRole('region', { name: 'Layer layer2' });
  await section.waitFor();
  const rows = await section.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
  assert.deepEqual(rows, [
    ['GAN (stitch)', '0.810 ± 0.010', '0.200 ± 0.010', '0.900 ± 0.010', '0.860 ± 0.010', '12.0 ms'],
    ['GD with reg', '0.740 ± 0.010', '0.200 ± 0.010', '0.900 ± 0.010', '0.790 ± 0.010', '3.50 s'],
    ['GD no reg', '0.860 ± 0.010', '0.200 ± 0.010', '0.900 ± 0.010', '0.910 ± 0.010', '3.40 s'],
  ]);
  assert.equal(await section.locator('td.best').textContent(), '0.860 ± 0.010');
  assert.match((await v.page.getByRole('list', { name: /Speed-ups/ }).textContent())!, /GAN is 292× faster than gd-reg \(250–320×\)/);
  await section.getByRole('img', { name: 'layer2: rows original, GAN (stitch), GD with reg, GD no reg' }).waitFor();
  await v.send({ type: 'error', error: { kind: 'bad-input', message: '/w/runs holds no report.json.', details: {} } } satisfies CompareToWebview);
  assert.match((await v.page.getByRole('alert').textContent())!, /no report\.json/);
  assert.deepEqual(v.errors, []);
  await v.page.close();
});

test('while an evaluation runs: progress with Cancel, layers appear as they finish, then cancelled or done', async () => {
  const v = await openView(browser(), 'compare');
  await v.send({ type: 'progress', message: 'layer1 (1/2) · GD with reg 40%, ~12 s left in this method', fraction: 0.2 } satisfies CompareToWebview);
  const status = v.page.getByRole('status', { name: 'Evaluation progress' });
  await status.waitFor();
  assert.match((await status.textContent())!, /layer1 \(1\/2\) · GD with reg 40%/);
  assert.equal(await status.locator('progress').evaluate((p: HTMLProgressElement) => p.value), 0.2);
  await status.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual((await v.posted<{ type: string }>()).at(-1), { type: 'cancel' });
  // Cancelled before the first layer was done: no report, the view says so.
  await v.send({ type: 'stopped', reason: 'cancelled' } satisfies CompareToWebview);
  await v.page.getByRole('status').filter({ hasText: 'Evaluation cancelled.' }).waitFor();
  await v.send({ type: 'progress', message: 'layer1 (1/2) · setting up', fraction: 0 } satisfies CompareToWebview);
  await status.waitFor();

  const report = {
    file: '/w/runs/evaluation/report.json',
    title: 'demo-tissue evaluation',
    created: '2026-12-05',
    settings: { images: 2, steps: 8, lr: 0.05, testNetworks: ['test-network'] },
    machine: { cpus: 2, cpuModel: 'Xeon', provider: 'cpu', threads: 2 },
    layers: [{ layer: 'layer1', tensor: '/layer1/x', shape: [1, 64, 32, 32], grid: '/w/g.png', gridRows: ['original', 'GD no reg'], methods: [method('gd-none', 'GD no reg', 0.7, 1.2)] }],
    speedups: [],
    partial: { done: 1, total: 2 },
  };
  await v.send({ type: 'report', report, grids: {} } satisfies CompareToWebview);
  await v.page.getByRole('region', { name: 'Layer layer1' }).waitFor();
  assert.equal(await status.count(), 1, 'still running: the progress stays above the first layer');
  await v.send({ type: 'stopped', reason: 'cancelled' } satisfies CompareToWebview);
  await v.page.getByRole('status').filter({ hasText: 'Evaluation cancelled — 1 of 2 layers evaluated.' }).waitFor();
  assert.equal(await v.page.getByRole('status', { name: 'Evaluation progress' }).count(), 0);
  assert.deepEqual(v.errors, []);
  await v.page.close();
});
