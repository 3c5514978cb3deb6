import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graph, model, node, valueInfo } from '../onnx/builder';
import { tensorToProto, type HostTensor } from '../onnx/tensor';
import { randn } from '../autodiff/testing/gradcheck';
import { Trainer } from './trainer';
import type { OptimizerSpec } from './spec';

// A per-pixel linear map (a 1x1 conv in channels-last form, float64) trained to map x to a fixed target
// under an MSE + L1 loss.
function stitch(): ReturnType<typeof model> {
  return model(
    graph({
      nodes: [node('MatMul', ['x', 'w'], ['xw']), node('Add', ['xw', 'b'], ['y'])],
      inputs: [valueInfo('x', 'float64', ['N', 16, 3])],
      outputs: [valueInfo('y', 'float64')],
      initializers: [tensorToProto('w', randn([3, 2], 1, 'float64')), tensorToProto('b', randn([2], 2, 'float64'))],
    }),
  );
}

async function run(spec: OptimizerSpec, update: 'fused' | 'host', steps: number): Promise<{ losses: number[]; w: HostTensor }> {
  const tr = await Trainer.create({
    model: stitch(),
    loss: [{ kind: 'mse', at: 'y', target: 'target' }, { kind: 'l1', at: 'y', target: 'target', weight: 0.1 }],
    train: ['w', 'b'],
    optimizer: spec,
    update,
    session: { threads: 1 },
  });
  const x = randn([2, 16, 3], 3, 'float64');
  const target = randn([2, 16, 2], 4, 'float64');
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await tr.step({ x, target })).loss);
  return { losses, w: tr.values().w! };
}

test('fused Adam (in the gradient graph) and host Adam take identical steps, with AdamW decay and a schedule', async () => {
  const spec: OptimizerSpec = { kind: 'adam', lr: 0.05, weightDecay: 0.01, decoupled: true, schedule: { kind: 'cosine', total: 20 } };
  const a = await run(spec, 'fused', 20);
  const b = await run(spec, 'host', 20);
  a.losses.forEach((l, i) => assert.ok(Math.abs(l - b.losses[i]!) < 1e-12, `step ${i}: ${l} vs ${b.losses[i]}`));
  (a.w.data as Float64Array).forEach((v, i) => assert.ok(Math.abs(v - Number(b.w.data[i])) < 1e-12));
  assert.ok(a.losses[19]! < 0.7 * a.losses[0]!, `loss decreases: ${a.losses[0]} → ${a.losses[19]}`);
});

test('fused Adam with L2 weight decay matches host Adam; SGD trains too', async () => {
  const spec: OptimizerSpec = { kind: 'adam', lr: 0.05, weightDecay: 0.05 };
  const a = await run(spec, 'fused', 5);
  const b = await run(spec, 'host', 5);
  a.losses.forEach((l, i) => assert.ok(Math.abs(l - b.losses[i]!) < 1e-12));
  const s = await run({ kind: 'sgd', lr: 0.05, momentum: 0.9 }, 'host', 15);
  assert.ok(s.losses[14]! < 0.7 * s.losses[0]!, `SGD loss decreases: ${s.losses[0]} → ${s.losses[14]}`);
});
