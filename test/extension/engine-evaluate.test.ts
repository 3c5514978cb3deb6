import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EvaluateReportRequest, EvaluateRunRequest, type EvaluateLayerNotice, type EvaluateRunParams } from '../../src/protocol/evaluate';
import type { JobProgress } from '../../src/protocol/progress';
import { GanLensError } from '../../src/engine/util/errors';
import { startClient, type Harness } from './engine-harness';

// The demo world, small: 2 validation images, 2 layers, 8 GD steps, methods that need no stitch training.
const CONFIG = resolve(__dirname, '../../demo/demo.ganlens.json');
let h: Harness;
let out: string;

before(() => {
  h = startClient();
  out = mkdtempSync(join(tmpdir(), 'ganlens-evaluate-job-'));
});
after(() => {
  h.client.dispose();
  rmSync(out, { recursive: true, force: true });
});

const params = (): EvaluateRunParams => ({ config: CONFIG, outDir: out, layers: ['layer1', 'layer2'], images: 2, steps: 8, methods: ['gan-direct-copy', 'gd-none', 'random'], timingRuns: 1, train: false });

test('evaluate/run: progress per layer and method with ETA, cancel after the first layer leaves a partial report', async () => {
  const progress: JobProgress[] = [];
  const layers: EvaluateLayerNotice[] = [];
  const controller = new AbortController();
  const run = h.client.runJob(EvaluateRunRequest, params(), {
    signal: controller.signal,
    onProgress: (p) => progress.push(p),
    onEvaluateLayer: (n) => {
      layers.push(n);
      controller.abort(); // cancel mid-way: after layer1, before layer2 is done
    },
  });
  await assert.rejects(run, (e: unknown) => e instanceof GanLensError && e.kind === 'cancelled');
  assert.equal(layers.length, 1);
  const first = layers[0]!;
  assert.equal(first.layer, 'layer1');
  assert.deepEqual(first.report.partial, { done: 1, total: 2 });
  assert.deepEqual(first.report.layers.map((l) => l.layer), ['layer1']);
  assert.deepEqual(first.report.layers[0]!.methods.map((m) => m.kind), ['gan-direct-copy', 'gd-none', 'random']);
  assert.ok(existsSync(first.report.layers[0]!.grid), 'the layer grid is written before the job ends');
  assert.ok(progress.some((p) => /layer1 \(1\/2\) · GD no reg/.test(p.message)), progress.map((p) => p.message).join('\n'));
  assert.ok(progress.some((p) => p.etaSeconds !== undefined && p.etaSeconds > 0));
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.step >= progress[i - 1]!.step, 'progress never goes back');
  // The cancelled run's folder reopens as a partial report.
  const reopened = await h.client.request(EvaluateReportRequest, { file: out });
  assert.deepEqual(reopened.partial, { done: 1, total: 2 });
});

test('evaluate/run: a rerun fills the report layer by layer and the finished report reopens from the folder', async () => {
  const layers: EvaluateLayerNotice[] = [];
  const done = await h.client.runJob(EvaluateRunRequest, params(), { onEvaluateLayer: (n) => layers.push(n) });
  assert.deepEqual(layers.map((n) => [n.layer, n.report.layers.length, n.report.partial?.done]), [
    ['layer1', 1, 1],
    ['layer2', 2, undefined],
  ]);
  assert.equal(done.file, join(out, 'report.json'));
  assert.equal(done.report.partial, undefined);
  for (const l of done.report.layers) {
    for (const m of l.methods) {
      const c = m.metrics[0]!.cosine;
      assert.equal(c.n, 2);
      assert.ok(c.mean > -1 && c.mean <= 1, `${l.layer} ${m.kind}: cosine ${c.mean}`);
    }
  }
  assert.ok(existsSync(join(out, 'report.html')) && existsSync(join(out, 'report.md')));
  const json = JSON.parse(readFileSync(done.file, 'utf8')) as { partial?: unknown; layers: unknown[] };
  assert.equal(json.partial, undefined);
  assert.equal(json.layers.length, 2);
  const reopened = await h.client.request(EvaluateReportRequest, { file: out });
  assert.deepEqual(reopened.layers.map((l) => l.layer), ['layer1', 'layer2']);
});

test('evaluate/run: an unknown method is an error naming the allowed ones', async () => {
  await assert.rejects(
    h.client.runJob(EvaluateRunRequest, { ...params(), methods: ['gd-fast' as never] }),
    (e: unknown) => e instanceof GanLensError && /gd-fast.*gan-stitch, gan-direct-copy/.test(e.message),
  );
});
