import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalyzeModelRequest, PROTOCOL_VERSION, SelfTestRequest, SetProviderRequest, SetTrustRequest } from '../../src/protocol/engine';
import type { JobProgress } from '../../src/protocol/progress';
import { GanLensError } from '../../src/engine/util/errors';
import { startClient, writeTinyExtractor, type Harness } from './engine-harness';

let h: Harness;
let model: ReturnType<typeof writeTinyExtractor>;

before(() => {
  h = startClient();
  model = writeTinyExtractor();
});
after(() => {
  h.client.dispose();
  model.cleanup();
});

async function rejection(p: Promise<unknown>): Promise<GanLensError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GanLensError, `expected a GanLensError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

test('engine/hello starts the engine on first use and reports version, pid and provider', async () => {
  assert.equal(h.client.running, false);
  const hello = await h.client.hello();
  assert.equal(hello.protocolVersion, PROTOCOL_VERSION);
  assert.equal(hello.pid, h.client.pid);
  assert.notEqual(hello.pid, process.pid);
  assert.equal(hello.provider.active, 'cpu');
  assert.equal(hello.canRun, true);
  assert.ok(h.logs.some((l) => l.includes('GAN Lens engine') && l.includes('started')), 'engine log reaches the host');
});

test('model/analyze returns the summary and the layer table of a built model', async () => {
  const a = await h.client.request(AnalyzeModelRequest, { file: model.file });
  assert.equal(a.summary.file, model.file);
  assert.equal(a.summary.kind, 'extractor');
  assert.deepEqual(a.summary.inputs.map((i) => [i.name, i.role, i.shape]), [['image', 'image', [1, 3, 8, 8]]]);
  assert.equal(a.summary.parameterCount, 108);
  assert.equal(a.summary.initializerCount, 1);
  assert.deepEqual(a.summary.opCounts, { Conv: 1, Relu: 1 });
  assert.equal(a.layers.length, 2);
  const relu = a.layers.find((l) => l.op === 'Relu')!;
  assert.equal(a.layers.find((l) => l.op === 'Conv')!.name, 'features.conv', 'readable name from the torch-style scope');
  assert.deepEqual(relu.shape, [1, 4, 4, 4]);
  assert.deepEqual(relu.spatial, [4, 4]);
  assert.equal(relu.samplingDistance, 1);
});

test('engine/setProvider reports what runs, and restricted mode (setTrust false) still analyses structure', async () => {
  const status = await h.client.request(SetProviderRequest, { provider: 'cpu' });
  assert.deepEqual(status, { active: 'cpu', requested: 'cpu', reason: '' });
  await h.client.request(SetTrustRequest, { trusted: false });
  assert.equal((await h.client.hello()).canRun, false);
  const a = await h.client.request(AnalyzeModelRequest, { file: model.file });
  assert.equal(a.layers.length, 2);
  await h.client.request(SetTrustRequest, { trusted: true });
  assert.equal((await h.client.hello()).canRun, true);
});

test('bad input comes back as a typed bad-input error naming the file, and the engine keeps serving', async () => {
  const junk = join(model.dir, 'junk.onnx');
  writeFileSync(junk, 'this is not a protobuf model at all, just text');
  const err = await rejection(h.client.request(AnalyzeModelRequest, { file: junk }));
  assert.equal(err.kind, 'bad-input');
  assert.match(err.message, /junk\.onnx/);
  const missing = await rejection(h.client.request(AnalyzeModelRequest, { file: join(model.dir, 'nope.onnx') }));
  assert.equal(missing.kind, 'bad-input');
  assert.match(missing.message, /does not exist/);
  const relative = await rejection(h.client.request(AnalyzeModelRequest, { file: 'relative.onnx' }));
  assert.match(relative.message, /absolute path/);
  const provider = await rejection(h.client.request(SetProviderRequest, { provider: 'tpu' as 'cpu' }));
  assert.equal(provider.kind, 'bad-input');
  assert.equal((await h.client.hello()).pid, h.client.pid);
  assert.equal(h.crashes.length, 0);
});

test('engine/selfTest reports progress for every step and returns its job id', async () => {
  const seen: JobProgress[] = [];
  const res = await h.client.runJob(SelfTestRequest, { steps: 4, stepMs: 5 }, { onProgress: (p) => seen.push(p) });
  assert.equal(res.steps, 4);
  assert.deepEqual(seen.map((p) => p.step), [1, 2, 3, 4]);
  assert.ok(seen.every((p) => p.jobId === res.jobId && p.total === 4));
  assert.ok(seen.at(-1)!.samplesPerSecond! > 0);
  assert.equal(seen.at(-1)!.etaSeconds, 0);
});

test('a job is cancelled through its signal (CancellationToken) and through job/cancel', async () => {
  const controller = new AbortController();
  const seen: number[] = [];
  const viaToken = h.client.runJob(SelfTestRequest, { steps: 1000, stepMs: 20 }, {
    signal: controller.signal,
    onProgress: (p) => {
      seen.push(p.step);
      if (p.step === 2) controller.abort();
    },
  });
  const e1 = await rejection(viaToken);
  assert.equal(e1.kind, 'cancelled');
  assert.ok(seen.length >= 2 && seen.length < 10, `stopped early (${seen.length} steps)`);

  let started!: () => void;
  const firstStep = new Promise<void>((r) => (started = r));
  const viaId = h.client.runJob(SelfTestRequest, { jobId: 'job-to-cancel', steps: 1000, stepMs: 20 }, { onProgress: () => started() });
  await firstStep;
  assert.equal(await h.client.cancelJob('job-to-cancel'), true);
  const e2 = await rejection(viaId);
  assert.equal(e2.kind, 'cancelled');
  assert.equal(await h.client.cancelJob('job-to-cancel'), false);
});

test('an engine crash is reported once, pending requests fail with a clear error, and the next request restarts it', async () => {
  const before = (await h.client.hello()).pid;
  const pending = h.client.runJob(SelfTestRequest, { steps: 1000, stepMs: 20 });
  process.kill(before, 'SIGKILL');
  const err = await rejection(pending);
  assert.equal(err.kind, 'internal');
  assert.match(err.message, /engine stopped while handling engine\/selfTest \(killed by SIGKILL\)/);
  assert.equal(h.crashes.length, 1);
  assert.match(h.crashes[0]!, /restarts on the next request/);
  const after = await h.client.hello();
  assert.notEqual(after.pid, before);
  assert.equal(h.crashes.length, 1);
});
