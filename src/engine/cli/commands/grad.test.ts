import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { graph, model, node, valueInfo } from '../../onnx/builder';
import { writeModel } from '../../onnx/io';
import { tensorToProto } from '../../onnx/tensor';
import { readNpy, writeNpy } from '../../runtime/npy';
import { randn } from '../../autodiff/testing/gradcheck';
import { main } from '../main';

// y = Tanh(x·w) (float64, so the expected gradients are computed exactly here).
function tiny(dir: string): string {
  const m = model(
    graph({
      nodes: [node('MatMul', ['x', 'w'], ['h']), node('Tanh', ['h'], ['/block/Tanh_output_0'])],
      inputs: [valueInfo('x', 'float64', ['N', 3])],
      outputs: [valueInfo('/block/Tanh_output_0', 'float64')],
      initializers: [tensorToProto('w', randn([3, 2], 1, 'float64'))],
    }),
  );
  const path = join(dir, 'tiny.onnx');
  writeModel(path, m);
  return path;
}

test('gan-lens grad writes loss.npy and grad_<name>.npy that match the analytic gradients (mse, sum)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-grad-'));
  const file = tiny(dir);
  const x = randn([2, 3], 2, 'float64');
  const target = randn([2, 2], 3, 'float64');
  writeNpy(join(dir, 'x.npy'), x);
  writeNpy(join(dir, 't.npy'), target);
  const w = randn([3, 2], 1, 'float64').data as Float64Array;
  const xd = x.data as Float64Array;
  const td = target.data as Float64Array;
  for (const loss of ['mse', 'sum'] as const) {
    const out = join(dir, loss);
    const code = await main(['grad', file, '--at', '/block/Tanh_output_0', '--loss', loss, '--target', join(dir, 't.npy'), '--input', `x=${join(dir, 'x.npy')}`, '--wrt', 'x', '--wrt', 'w', '--out', out]);
    assert.equal(code, 0);
    assert.ok(existsSync(join(out, 'grad_x.npy')) && existsSync(join(out, 'grad_w.npy')));
    // Expected: dL/dy, through tanh, then x and w.
    let lossWant = 0;
    const dh = new Float64Array(4);
    for (let n = 0; n < 2; n++) {
      for (let j = 0; j < 2; j++) {
        let h = 0;
        for (let k = 0; k < 3; k++) h += xd[n * 3 + k]! * w[k * 2 + j]!;
        const y = Math.tanh(h);
        const t = td[n * 2 + j]!;
        lossWant += loss === 'mse' ? (y - t) ** 2 / 4 : y * t;
        dh[n * 2 + j] = (loss === 'mse' ? (2 * (y - t)) / 4 : t) * (1 - y * y);
      }
    }
    assert.ok(Math.abs(Number(readNpy(join(out, 'loss.npy')).data[0]) - lossWant) < 1e-12);
    const gx = readNpy(join(out, 'grad_x.npy')).data as Float64Array;
    const gw = readNpy(join(out, 'grad_w.npy')).data as Float64Array;
    for (let n = 0; n < 2; n++) for (let k = 0; k < 3; k++) assert.ok(Math.abs(gx[n * 3 + k]! - (dh[n * 2]! * w[k * 2]! + dh[n * 2 + 1]! * w[k * 2 + 1]!)) < 1e-12);
    for (let k = 0; k < 3; k++) for (let j = 0; j < 2; j++) assert.ok(Math.abs(gw[k * 2 + j]! - (xd[k]! * dh[j]! + xd[3 + k]! * dh[2 + j]!)) < 1e-12);
  }
});

test('gan-lens grad: unknown tensors and missing flags are bad input (exit 2)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-grad-'));
  const file = tiny(dir);
  writeNpy(join(dir, 'x.npy'), randn([2, 3], 2, 'float64'));
  writeNpy(join(dir, 't.npy'), randn([2, 2], 3, 'float64'));
  const base = ['grad', file, '--at', '/block/Tanh_output_0', '--target', join(dir, 't.npy'), '--input', join(dir, 'x.npy'), '--out', join(dir, 'o')];
  assert.equal(await main([...base, '--wrt', 'nope']), 2);
  assert.equal(await main(base), 2);
  assert.equal(await main([...base, '--wrt', 'x', '--loss', 'huber']), 2);
});
