import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StitchLayerSwitchRequest, StitchReconstructRequest, StitchRunsRequest, StitchTrainRequest, type StitchEpochNotice } from '../../src/protocol/stitch';
import type { JobProgress } from '../../src/protocol/progress';
import { SetMemoryBudgetRequest, SetTrustRequest } from '../../src/protocol/engine';
import { GanLensError } from '../../src/engine/util/errors';
import { startClient, type Harness } from './engine-harness';
import { tinyWorkspace, type TinyWorkspace } from './fixture-workspace';

let h: Harness;
let ws: TinyWorkspace;

before(() => {
  h = startClient();
  ws = tinyWorkspace();
});
after(() => {
  h.client.dispose();
  ws.cleanup();
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

test('stitch/train reports progress and each epoch, pauses by cancel keeping the checkpoint, and resumes', async () => {
  const progress: JobProgress[] = [];
  const epochs: StitchEpochNotice[] = [];
  const controller = new AbortController();
  // 100 steps per epoch: the pause, asked for 5 steps into the second epoch, reaches the engine long before it ends.
  const paused = h.client.runJob(StitchTrainRequest, { config: ws.config, pair: { from: 'block1', to: 'auto' }, epochs: 2, samplesPerEpoch: 400 }, {
    signal: controller.signal,
    onProgress: (p) => {
      progress.push(p);
      if (epochs.length === 1 && p.step >= 105) controller.abort(); // pause in the second epoch
    },
    onEpoch: (e) => epochs.push(e),
  });
  await assert.rejects(paused, (e: unknown) => e instanceof GanLensError && e.kind === 'cancelled');
  assert.equal(epochs.length, 1, 'the first epoch was announced before the pause');
  const first = epochs[0]!;
  assert.equal(first.epochs, 2);
  assert.ok(Number.isFinite(first.epoch.valCosine) && first.epoch.valCosine > -1);
  assert.ok(existsSync(first.samples), first.samples);
  assert.ok(progress.some((p) => p.loss !== undefined && (p.samplesPerSecond ?? 0) > 0 && p.etaSeconds !== undefined));
  const runDir = first.outDir;
  assert.equal(runDir, join(ws.dir, 'out', 'stitch-block1-auto'));
  assert.ok(existsSync(join(runDir, 'checkpoints/last/state.json')));

  const pausedAt = Math.max(...progress.map((p) => p.step));
  const resumedEpochs: StitchEpochNotice[] = [];
  const resumedSteps: number[] = [];
  const done = await h.client.runJob(StitchTrainRequest, { config: ws.config, pair: { from: 'block1', to: 'auto' }, epochs: 2, samplesPerEpoch: 400, resume: true }, {
    onEpoch: (e) => resumedEpochs.push(e),
    onProgress: (p) => resumedSteps.push(p.step),
  });
  assert.ok(Math.min(...resumedSteps.filter((s) => s > 0)) > pausedAt, `resumed after step ${pausedAt}, first step ${Math.min(...resumedSteps)}`);
  assert.deepEqual(done.epochs.map((e) => e.epoch), [0, 1]);
  assert.equal(done.epochs[1]!.step, 200, 'resumed at the paused step, not from scratch');
  assert.deepEqual(resumedEpochs.map((e) => e.epoch.epoch), [1], 'only the new epoch is announced after a resume');
  assert.ok(done.best.cosine > done.initial.cosine);
});

test('stitch/runs finds the trained run under the config output', async () => {
  const runs = await h.client.request(StitchRunsRequest, { config: ws.config });
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.pair.from, 'block1');
  assert.equal(runs[0]!.epochs, 2);
  assert.ok(typeof runs[0]!.cosine === 'number');
});

test('stitch/layerSwitch returns originals and reconstructions with LayerX cosine, warm on the second call', async () => {
  const run = join(ws.dir, 'out', 'stitch-block1-auto');
  const cold = await h.client.request(StitchLayerSwitchRequest, { run, count: 3, seed: 1 });
  assert.equal(cold.layer, 'block1');
  assert.equal(cold.images.length, 3);
  assert.equal(cold.warm, false);
  for (const im of cold.images) {
    assert.deepEqual(Buffer.from(im.original, 'base64').subarray(0, 4), PNG);
    assert.deepEqual(Buffer.from(im.reconstruction, 'base64').subarray(0, 4), PNG);
    assert.ok(im.cosine > -1 && im.cosine <= 1 && im.l1 >= 0);
  }
  const warm = await h.client.request(StitchLayerSwitchRequest, { run, count: 3, seed: 1 });
  assert.equal(warm.warm, true);
  assert.deepEqual(warm.images.map((i) => i.cosine), cold.images.map((i) => i.cosine), 'same seed, same result');
  const other = await h.client.request(StitchLayerSwitchRequest, { run, count: 3, seed: 2 });
  assert.notDeepEqual(other.images.map((i) => i.reconstruction), warm.images.map((i) => i.reconstruction), 'another seed draws other noise');
});

test('stitch/reconstruct as a job writes images, a grid and metrics; bad input and restricted mode are refused', async () => {
  const run = join(ws.dir, 'out', 'stitch-block1-auto');
  const outDir = join(ws.dir, 'recon');
  const steps: number[] = [];
  const r = await h.client.runJob(StitchReconstructRequest, { run, count: 2, outDir }, { onProgress: (p) => steps.push(p.step) });
  assert.equal(r.images.length, 2);
  assert.equal(r.outDir, outDir);
  for (const f of ['grid.png', 'metrics.json']) assert.ok(existsSync(join(outDir, f)), f);
  assert.ok(steps.includes(2));
  await assert.rejects(h.client.request(StitchLayerSwitchRequest, { run: join(ws.dir, 'nope') }), (e: unknown) => e instanceof GanLensError && e.kind === 'bad-input' && /does not exist/.test(e.message));
  await assert.rejects(h.client.request(StitchLayerSwitchRequest, { run: ws.dir }), (e: unknown) => e instanceof GanLensError && /not a stitch run folder/.test(e.message));
  await h.client.request(SetTrustRequest, { trusted: false });
  await assert.rejects(h.client.request(StitchLayerSwitchRequest, { run }), (e: unknown) => e instanceof GanLensError && /not trusted/.test(e.message));
  await h.client.request(SetTrustRequest, { trusted: true });
});

test('engine/setMemoryBudget (ganLens.memoryBudgetGB): a job that cannot fit fails before it starts, saying so; 0 is automatic again', async () => {
  await h.client.request(SetMemoryBudgetRequest, { gb: 0.05 });
  const outDir = join(ws.dir, 'out', 'too-small');
  const err = await h.client
    .runJob(StitchTrainRequest, { config: ws.config, pair: { from: 'block1', to: 'auto' }, epochs: 1, samplesPerEpoch: 8, outDir })
    .then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof GanLensError && err.kind === 'bad-input', String(err));
  assert.match(err.message, /more than the memory budget of 0\.05 GB/);
  assert.match(err.message, /memoryBudgetGB/);
  assert.ok(!existsSync(join(outDir, 'checkpoints')), 'nothing trained');
  await assert.rejects(h.client.request(SetMemoryBudgetRequest, { gb: -1 }), (e: unknown) => e instanceof GanLensError && e.kind === 'bad-input');
  await h.client.request(SetMemoryBudgetRequest, { gb: 0 });
  const ok = await h.client.runJob(StitchTrainRequest, { config: ws.config, pair: { from: 'block1', to: 'auto' }, epochs: 1, samplesPerEpoch: 8, outDir });
  assert.ok(Number.isFinite(ok.best.cosine));
});
