/**
 * The WebGPU provider on a real adapter: in CI that is Mesa's lavapipe (software Vulkan, installed by
 * scripts/setup.sh from bookworm-backports). Fails, never skips, when no adapter is found: the CI must cover WebGPU.
 * The first run compiles shaders: ~15 s of CPU with a cold Mesa shader cache (~/.cache/mesa_shader_cache_db), ~2 s warm.
 * The strided Conv exercises the sub-pixel gradient forms and the reverse (negative-step) Slices WebGPU gets wrong
 * unless rewritten (provider-rewrite.ts): without the rewrite grad:x differs from cpu by ~95 %.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { tensorToProto, type HostTensor } from '../../../src/engine/onnx/tensor';
import { withLoss } from '../../../src/engine/losses';
import { buildGradient } from '../../../src/engine/autodiff/builder';
import { clearSessionCache, openSession } from '../../../src/engine/runtime/session';
import { resolveProvider, useProviderProbes } from '../../../src/engine/runtime/provider-resolve';
import { onProviderNotice } from '../../../src/engine/runtime/provider-notice';
import { randomF32 } from '../../helpers/models';
import type { ModelProto } from '../../../src/engine/onnx/gen/onnx_pb';

function convNet(): ModelProto {
  return model(
    graph({
      name: 'webgpu_net',
      nodes: [
        node('Conv', ['x', 'w1', 'b1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
        node('Relu', ['c1'], ['r1']),
        node('Conv', ['r1', 'w2'], ['c2'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [2, 2] }),
        node('Relu', ['c2'], ['y']),
      ],
      inputs: [valueInfo('x', 'float32', ['N', 3, 8, 8])],
      outputs: [valueInfo('y', 'float32', ['N', 4, 4, 4])],
      initializers: [tensorToProto('w1', randomF32([4, 3, 3, 3], 1, 0.5)), tensorToProto('b1', randomF32([4], 2, 0.1)), tensorToProto('w2', randomF32([4, 4, 3, 3], 3, 0.4))],
    }),
  );
}

/** max |a − b| ≤ 1e-4 · max |b| + 1e-6, per output. */
function assertClose(gpu: Record<string, HostTensor>, cpu: Record<string, HostTensor>): void {
  for (const [name, ref] of Object.entries(cpu)) {
    const got = gpu[name]!;
    assert.deepEqual(got.dims, ref.dims, name);
    const a = got.data as Float32Array;
    const b = ref.data as Float32Array;
    let diff = 0;
    let mag = 0;
    for (let i = 0; i < b.length; i++) {
      diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
      mag = Math.max(mag, Math.abs(b[i]!));
    }
    assert.ok(mag > 0, `${name} is not all zeros`);
    assert.ok(diff <= 1e-4 * mag + 1e-6, `${name}: webgpu differs from cpu by ${diff} (max |cpu| ${mag})`);
  }
}

async function onBoth(m: ModelProto, feeds: Record<string, HostTensor>): Promise<{ gpu: Record<string, HostTensor>; cpu: Record<string, HostTensor>; provider: string }> {
  const g = await openSession(m, { provider: 'webgpu' });
  const c = await openSession(m, { provider: 'cpu' });
  const gpu = await g.run(feeds);
  return { gpu, cpu: await c.run(feeds), provider: g.provider.active };
}

test('a WebGPU adapter is found (Mesa 25 lavapipe in CI: run scripts/setup.sh)', async () => {
  useProviderProbes();
  const s = await resolveProvider('webgpu');
  assert.equal(s.active, 'webgpu', `WebGPU unavailable here: ${s.reason}. On Debian 12 install mesa-vulkan-drivers from bookworm-backports (scripts/setup.sh does).`);
});

test('forward and backward (buildGradient) graphs give the cpu results on webgpu', async (t) => {
  t.after(() => clearSessionCache());
  const notices: string[] = [];
  const off = onProviderNotice((l) => notices.push(l));
  t.after(off);
  const x = randomF32([2, 3, 8, 8], 4);
  const fwd = await onBoth(convNet(), { x });
  assert.equal(fwd.provider, 'webgpu');
  assertClose(fwd.gpu, fwd.cpu);

  const lossModel = withLoss(convNet(), [{ kind: 'mse', at: 'y', target: 'target' }]);
  const target = randomF32([2, 4, 4, 4], 5, 0.5);
  const grad = buildGradient(lossModel.model, { loss: lossModel.loss, wrt: ['x', 'w1', 'w2'] });
  const params = { w1: randomF32([4, 3, 3, 3], 1, 0.5), w2: randomF32([4, 4, 3, 3], 3, 0.4) };
  const bwd = await onBoth(grad.model, { x, target, ...params });
  assert.equal(bwd.provider, 'webgpu');
  assertClose(bwd.gpu, bwd.cpu);

  for (const n of notices) assert.match(n, /^webgpu: (\d+ of \d+ nodes on cpu|reverse Slice nodes split)/, 'only placement and rewrite notices, no session fallback');
});

test('backward through MaxPool (Indices rewritten for webgpu) matches cpu; a ceil-mode MaxPool with Indices runs on cpu, saying why', async (t) => {
  t.after(() => clearSessionCache());
  const notices: string[] = [];
  t.after(onProviderNotice((l) => notices.push(l)));
  const pooled = (attrs: Record<string, number[] | number>): ModelProto =>
    model(
      graph({
        nodes: [node('MaxPool', ['x'], ['y'], attrs, 'pool'), node('Relu', ['y'], ['r'])],
        inputs: [valueInfo('x', 'float32', ['N', 2, 9, 9])],
        outputs: [valueInfo('r', 'float32')],
      }),
    );
  const x = randomF32([2, 2, 9, 9], 6);
  const stem = withLoss(pooled({ kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }), [{ kind: 'l1', at: 'r', target: 'target' }]);
  const grad = buildGradient(stem.model, { loss: stem.loss, wrt: ['x'] });
  assert.ok(grad.model.graph!.node.some((n) => n.opType === 'MaxPool' && (n.output[1] ?? '') !== ''), 'the gradient uses MaxPool Indices');
  const both = await onBoth(grad.model, { x, target: randomF32([2, 2, 5, 5], 7, 0.2) });
  assert.equal(both.provider, 'webgpu');
  assertClose(both.gpu, both.cpu);

  const ceil = withLoss(pooled({ kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }), [{ kind: 'l1', at: 'r', target: 'target' }]);
  const ceilGrad = buildGradient(ceil.model, { loss: ceil.loss, wrt: ['x'] });
  const s = await openSession(ceilGrad.model, { provider: 'webgpu' });
  assert.equal(s.provider.active, 'cpu');
  assert.match(s.provider.reason, /^webgpu cannot run MaxPool with an Indices output in this form .*; this graph runs on cpu$/);
  assert.ok(notices.includes(s.provider.reason));
  const feeds = { x, target: randomF32([2, 2, 5, 5], 8, 0.2) };
  assert.deepEqual(await s.run(feeds), await (await openSession(ceilGrad.model, { provider: 'cpu' })).run(feeds));
});
