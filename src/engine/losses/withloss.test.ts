import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graph, model, node, valueInfo } from '../onnx/builder';
import { openSession } from '../runtime/session';
import { buildGradient } from '../autodiff/builder';
import { randn } from '../autodiff/testing/gradcheck';
import { withLoss } from './withloss';

const fwd = model(
  graph({
    nodes: [node('Tanh', ['x'], ['t'])],
    inputs: [valueInfo('x', 'float64', [2, 3, 2, 2])],
    outputs: [valueInfo('t', 'float64', [2, 3, 2, 2])],
  }),
);

function host(x: ReturnType<typeof randn>): Float64Array {
  return x.data as Float64Array;
}

test('l1, mse, sum and per-pixel cosine losses match their definitions, with weights', async () => {
  const x = randn([2, 3, 2, 2], 1, 'float64');
  const target = randn([2, 3, 2, 2], 2, 'float64');
  const lm = withLoss(fwd, [
    { kind: 'l1', at: 't', target: 'target' },
    { kind: 'mse', at: 't', target: 'target', weight: 0.5 },
    { kind: 'sum', at: 't', target: 'target', weight: 2 },
    { kind: 'cosine', at: 't', target: 'target', weight: 3 },
  ]);
  const s = await openSession(lm.model, { threads: 1 });
  const out = await s.run({ x, target });
  const t = host(x).map(Math.tanh);
  const tg = host(target);
  const n = t.length;
  let l1 = 0, mse = 0, sum = 0, cos = 0;
  for (let i = 0; i < n; i++) {
    l1 += Math.abs(t[i]! - tg[i]!) / n;
    mse += (t[i]! - tg[i]!) ** 2 / n;
    sum += t[i]! * tg[i]!;
  }
  for (let b = 0; b < 2; b++) {
    for (let p = 0; p < 4; p++) {
      let d = 0, na = 0, nb = 0;
      for (let c = 0; c < 3; c++) {
        const i = b * 12 + c * 4 + p;
        d += t[i]! * tg[i]!;
        na += t[i]! ** 2;
        nb += tg[i]! ** 2;
      }
      cos += d / Math.sqrt(na * nb) / 8;
    }
  }
  const want = l1 + 0.5 * mse + 2 * sum + 3 * (1 - cos);
  assert.ok(Math.abs(Number(out.loss!.data[0]) - want) < 1e-12, `${out.loss!.data[0]} vs ${want}`);
});

test('the l1 loss gradient is sign(T − target)/numel through the graph', async () => {
  const x = randn([2, 3, 2, 2], 3, 'float64');
  const target = randn([2, 3, 2, 2], 4, 'float64');
  const lm = withLoss(fwd, [{ kind: 'l1', at: 't', target: 'target' }]);
  const gm = buildGradient(lm.model, { loss: lm.loss, wrt: ['x'] });
  const s = await openSession(gm.model, { threads: 1 });
  const g = (await s.run({ x, target }))['grad:x']!.data as Float64Array;
  host(x).forEach((v, i) => {
    const t = Math.tanh(v);
    const want = (Math.sign(t - host(target)[i]!) * (1 - t * t)) / 24;
    assert.ok(Math.abs(g[i]! - want) < 1e-15);
  });
});
