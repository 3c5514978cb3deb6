import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createProviderSelector, type ProviderProbes } from '../../../src/engine/runtime/provider-select';
import type { ProviderAvailability } from '../../../src/engine/runtime/providers';
import { describeCpuFallback, placementFromProfile } from '../../../src/engine/runtime/placement';
import { unsupportedNode } from '../../../src/engine/runtime/provider-limits';
import { conciseOrtError } from '../../../src/engine/runtime/ort-errors';
import { useProviderProbes } from '../../../src/engine/runtime/provider-resolve';
import { cudaProviderLibrary, ortNativeDir } from '../../../src/engine/runtime/provider-probes';
import { onProviderNotice } from '../../../src/engine/runtime/provider-notice';
import { clearSessionCache, openSession } from '../../../src/engine/runtime/session';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { seededRandom } from '../../helpers/models';
import { f32, i64, tensorToProto } from '../../../src/engine/onnx/tensor';
import { prepareForProvider, rewriteForProvider } from '../../../src/engine/runtime/provider-rewrite';

function countingProbes(cuda: ProviderAvailability, webgpu: ProviderAvailability): ProviderProbes & { calls: { cuda: number; webgpu: number } } {
  const calls = { cuda: 0, webgpu: 0 };
  return {
    calls,
    cuda: async () => (calls.cuda++, cuda),
    webgpu: async () => (calls.webgpu++, webgpu),
  };
}

const NO_CUDA: ProviderAvailability = { ok: false, why: 'libonnxruntime_providers_cuda.so not found' };
const NO_ADAPTER: ProviderAvailability = { ok: false, why: 'no adapter' };

test('cpu never probes; auto prefers cuda, then webgpu, then cpu, with one line saying why', async () => {
  const none = countingProbes(NO_CUDA, NO_ADAPTER);
  assert.deepEqual(await createProviderSelector(none).select('cpu'), { active: 'cpu', requested: 'cpu', reason: '' });
  assert.deepEqual(none.calls, { cuda: 0, webgpu: 0 });

  assert.deepEqual(await createProviderSelector(countingProbes({ ok: true }, { ok: true })).select('auto'), { active: 'cuda', requested: 'auto', reason: '' });
  assert.deepEqual(await createProviderSelector(countingProbes(NO_CUDA, { ok: true })).select('auto'), {
    active: 'webgpu',
    requested: 'auto',
    reason: 'cuda unavailable: libonnxruntime_providers_cuda.so not found; using webgpu',
  });
  assert.deepEqual(await createProviderSelector(none).select('auto'), {
    active: 'cpu',
    requested: 'auto',
    reason: 'cuda unavailable: libonnxruntime_providers_cuda.so not found; webgpu unavailable: no adapter; using cpu',
  });
});

test('an explicit provider is used when it loads, else cpu with the reason; the other provider is not probed', async () => {
  const p = countingProbes(NO_CUDA, { ok: true });
  const s = createProviderSelector(p);
  assert.deepEqual(await s.select('webgpu'), { active: 'webgpu', requested: 'webgpu', reason: '' });
  assert.deepEqual(p.calls, { cuda: 0, webgpu: 1 });
  assert.deepEqual(await s.select('cuda'), { active: 'cpu', requested: 'cuda', reason: 'cuda unavailable: libonnxruntime_providers_cuda.so not found; using cpu' });
});

test('auto skips a software-only WebGPU adapter (lavapipe); asking for webgpu still gets it', async () => {
  const s = createProviderSelector(countingProbes(NO_CUDA, { ok: true, software: true }));
  const auto = await s.select('auto');
  assert.equal(auto.active, 'cpu');
  assert.match(auto.reason, /webgpu has only a software adapter .*; using cpu$/);
  assert.equal((await s.select('webgpu')).active, 'webgpu');
});

test('each probe runs once per selector, also when asked concurrently; a throwing probe counts as unavailable', async () => {
  const p = countingProbes(NO_CUDA, { ok: true });
  const s = createProviderSelector(p);
  await Promise.all([s.select('auto'), s.select('auto'), s.select('cuda'), s.select('webgpu')]);
  await s.select('auto');
  assert.deepEqual(p.calls, { cuda: 1, webgpu: 1 });
  assert.deepEqual(s.probed(), { cuda: NO_CUDA, webgpu: { ok: true } });

  const throwing = createProviderSelector({
    cuda: async () => {
      throw new Error('dlopen crashed\nsecond line');
    },
    webgpu: async () => NO_ADAPTER,
  });
  assert.equal((await throwing.select('auto')).reason, 'cuda unavailable: dlopen crashed; webgpu unavailable: no adapter; using cpu');
});

test('node placement from an onnxruntime profile: nodes counted once, cpu fallback summarised by op type', () => {
  const ev = (name: string, op: string, provider: string): object => ({ cat: 'Node', name: `${name}_kernel_time`, args: { op_name: op, provider } });
  const profile = JSON.stringify([
    { cat: 'Session', name: 'model_loading_array' },
    ev('conv', 'Conv', 'WebGpuExecutionProvider'),
    ev('relu', 'Relu', 'WebGpuExecutionProvider'),
    ev('g1', 'Gather', 'CPUExecutionProvider'),
    ev('g2', 'Gather', 'CPUExecutionProvider'),
    ev('nz', 'NonZero', 'CPUExecutionProvider'),
    ev('g1', 'Gather', 'CPUExecutionProvider'),
    { cat: 'Node', name: 'conv_fence_before', args: { op_name: 'Conv' } },
  ]);
  const p = placementFromProfile(profile);
  assert.equal(p.total, 5);
  assert.deepEqual(p.byProvider, { WebGpuExecutionProvider: { Conv: 1, Relu: 1 }, CPUExecutionProvider: { Gather: 2, NonZero: 1 } });
  assert.match(describeCpuFallback(p, 'webgpu'), /^webgpu: 3 of 5 nodes on cpu .*: Gather×2, NonZero×1$/);
  assert.equal(describeCpuFallback(p, 'cpu'), '');
  assert.equal(describeCpuFallback(placementFromProfile(JSON.stringify([ev('c', 'Conv', 'CUDAExecutionProvider')])), 'cuda'), '');
});

test('known-unsupported nodes: MaxPool Indices in a form not rewritten, on webgpu (also inside an If branch), nothing on cuda', () => {
  const pool = (outputs: string[]) => node('MaxPool', ['x'], outputs, { kernel_shape: [2, 2], ceil_mode: 1 }, 'pool1');
  const g = (n: ReturnType<typeof node>) => graph({ nodes: [n], inputs: [valueInfo('x', 'float32', [1, 1, 4, 4])], outputs: [valueInfo(n.output[0]!, 'float32')] });
  assert.match(unsupportedNode(g(pool(['y', 'i'])), 'webgpu') ?? '', /^webgpu cannot run MaxPool with an Indices output in this form .*\(node 'pool1'\)$/);
  assert.equal(unsupportedNode(g(node('MaxPool', ['x'], ['y', 'i'], { kernel_shape: [2, 2] })), 'webgpu'), undefined, 'the plain 2-D form is rewritten');
  assert.equal(unsupportedNode(g(pool(['y'])), 'webgpu'), undefined);
  assert.equal(unsupportedNode(g(pool(['y', ''])), 'webgpu'), undefined);
  assert.equal(unsupportedNode(g(pool(['y', 'i'])), 'cuda'), undefined);
  const branch = g(pool(['y', 'i']));
  const iff = node('If', ['c'], ['y'], { then_branch: branch, else_branch: branch }, 'choose');
  assert.match(unsupportedNode(graph({ nodes: [iff], inputs: [], outputs: [] }), 'webgpu') ?? '', /pool1/);
});

test('onnxruntime errors shortened to the actionable part', () => {
  assert.equal(
    conciseOrtError(
      "/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters",
    ),
    'Failed to get a WebGPU adapter: No supported adapters',
  );
  assert.equal(
    conciseOrtError("Non-zero status code returned while running MaxPool node. Name:'p' Status Message: pool.cc:276 ComputeInternal The Indices output is not supported yet."),
    "Non-zero status code returned while running MaxPool node. Name:'p' Status Message: The Indices output is not supported yet.",
  );
  assert.equal(conciseOrtError('x'.repeat(300)).length, 240);
});

const doubler = model(
  graph({ nodes: [node('Add', ['x', 'x'], ['y'])], inputs: [valueInfo('x', 'float32', [3])], outputs: [valueInfo('y', 'float32', [3])] }),
);

test('real probes: asking for cuda without its provider library runs on cpu and says which file is missing', async (t) => {
  useProviderProbes();
  t.after(() => clearSessionCache());
  const s = await openSession(doubler, { provider: 'cuda' });
  const lib = join(ortNativeDir(), cudaProviderLibrary());
  if (!existsSync(lib)) {
    assert.equal(s.provider.active, 'cpu');
    assert.match(s.provider.reason, /^cuda unavailable: libonnxruntime_providers_cuda\.so not found in .*onnxruntime-node.*; using cpu$/);
  } else assert.ok(s.provider.active === 'cuda' || s.provider.reason !== '', 'with the library present, cuda runs or the reason says why not');
  assert.deepEqual([...((await s.run({ x: f32([3], [1, 2, 3]) }))['y']!.data as Float32Array)], [2, 4, 6]);
});

test('a provider that probes fine but cannot load a graph falls back to cpu for that session, with a notice', async (t) => {
  if (existsSync(join(ortNativeDir(), cudaProviderLibrary()))) return assert.ok(true, 'cuda library installed: this case needs it absent');
  useProviderProbes({ cuda: async () => ({ ok: true }), webgpu: async () => NO_ADAPTER });
  const notices: string[] = [];
  const off = onProviderNotice((l) => notices.push(l));
  t.after(async () => {
    off();
    useProviderProbes();
    await clearSessionCache();
  });
  const s = await openSession(doubler, { provider: 'auto' });
  assert.equal(s.provider.active, 'cpu');
  assert.match(s.provider.reason, /^cuda could not load this graph \(.+\); using cpu$/);
  assert.deepEqual(notices, [s.provider.reason]);
  assert.deepEqual([...((await s.run({ x: f32([3], [1, 2, 3]) }))['y']!.data as Float32Array)], [2, 4, 6]);
});

test('reverse Slices are rewritten for webgpu into a cut and a slice from −1, computing the same values (on cpu)', async (t) => {
  t.after(() => clearSessionCache());
  const slice = (starts: number[], ends: number[], steps: number[], axes: number[] | undefined): ReturnType<typeof model> =>
    model(
      graph({
        nodes: [node('Slice', ['x', 's', 'e', axes ? 'a' : '', 'k'], ['y'], {}, 'flip')],
        inputs: [valueInfo('x', 'float32', [2, 3, 4, 5])],
        outputs: [valueInfo('y', 'float32')],
        initializers: [
          tensorToProto('s', i64([starts.length], starts)),
          tensorToProto('e', i64([ends.length], ends)),
          ...(axes ? [tensorToProto('a', i64([axes.length], axes))] : []),
          tensorToProto('k', i64([steps.length], steps)),
        ],
      }),
    );
  const x = f32([2, 3, 4, 5], Array.from({ length: 120 }, (_, i) => i));
  const cases: [number[], number[], number[], number[] | undefined][] = [
    [[1, 2], [-1e12, -1e12], [-1, -2], [2, 3]], // kernel flip of a sub-pixel tap
    [[-2, 3], [-5, 0], [-1, -1], [2, 3]], // negative start with a small negative end
    [[0, 2, 3, 4], [2, 0, -1e12, 1], [1, -1, -2, -1], undefined], // axes omitted, mixed signs
  ];
  for (const [starts, ends, steps, axes] of cases) {
    const m = slice(starts, ends, steps, axes);
    const r = rewriteForProvider(m, 'webgpu');
    assert.notEqual(r.model, m, 'rewritten');
    assert.equal(r.model.graph!.node.filter((n) => n.opType === 'Slice').length, 2);
    assert.match(r.notes[0] ?? '', /^webgpu: reverse Slice nodes split in two/);
    const want = (await (await openSession(m)).run({ x }))['y']!;
    const got = (await (await openSession(r.model)).run({ x }))['y']!;
    assert.deepEqual(got, want, `starts ${starts} ends ${ends} steps ${steps}`);
  }
  assert.equal(rewriteForProvider(slice([-1], [-1e12], [-1], [3]), 'webgpu').model.graph!.node.length, 1, 'a slice from −1 is left alone');
  assert.equal(rewriteForProvider(slice([1], [-1e12], [-1], [3]), 'cuda').notes.length, 0, 'only webgpu is rewritten');
  assert.match(prepareForProvider(slice([1], [-2], [-1], [3]), 'webgpu').blocker ?? '', /Slice 'flip' needs the axis length/);
});

test('MaxPool Indices rewritten for webgpu equal onnxruntime\'s (cpu): strides, padding, dilation, ties, batch', async (t) => {
  t.after(() => clearSessionCache());
  const configs: Record<string, number[] | number>[] = [
    { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, // ResNet stem
    { kernel_shape: [2, 2], strides: [2, 2] },
    { kernel_shape: [3, 2], strides: [1, 2], pads: [0, 1, 2, 0], dilations: [2, 1] },
    { kernel_shape: [1, 1] },
  ];
  const rnd = seededRandom(11);
  const x = f32([2, 3, 7, 8], Array.from({ length: 336 }, () => Math.round(rnd() * 6))); // small integers: many ties
  for (const attrs of configs) {
    const m = model(
      graph({
        nodes: [node('MaxPool', ['x'], ['y', 'i'], attrs, 'pool')],
        inputs: [valueInfo('x', 'float32', ['N', 3, 7, 8])],
        outputs: [valueInfo('y', 'float32'), valueInfo('i', 'int64')],
      }),
    );
    const r = rewriteForProvider(m, 'webgpu');
    assert.ok(!r.model.graph!.node.some((n) => n.opType === 'MaxPool' && n.output.length > 1 && n.output[1] !== ''), 'no MaxPool computes Indices');
    assert.match(r.notes.join(), /MaxPool Indices computed/);
    const want = await (await openSession(m)).run({ x });
    const got = await (await openSession(r.model)).run({ x });
    assert.deepEqual(got, want, JSON.stringify(attrs));
  }
});

test('GAN_LENS_PROVIDER sets the provider of sessions that name none (an invalid value means cpu)', async (t) => {
  useProviderProbes({ cuda: async () => NO_CUDA, webgpu: async () => NO_ADAPTER });
  const saved = process.env['GAN_LENS_PROVIDER'];
  t.after(async () => {
    if (saved === undefined) delete process.env['GAN_LENS_PROVIDER'];
    else process.env['GAN_LENS_PROVIDER'] = saved;
    useProviderProbes();
    await clearSessionCache();
  });
  process.env['GAN_LENS_PROVIDER'] = 'webgpu';
  const s = await openSession(doubler);
  assert.deepEqual({ ...s.provider }, { active: 'cpu', requested: 'webgpu', reason: 'webgpu unavailable: no adapter; using cpu' });
  process.env['GAN_LENS_PROVIDER'] = 'tpu';
  assert.equal((await openSession(doubler)).provider.requested, 'cpu');
});
