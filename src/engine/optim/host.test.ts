import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostOptimizer } from './host';
import type { OptimizerSpec } from './spec';

// Expected values: torch 1.13, float64, p0 = [0.5, −1, 2], loss Σ(p − [1, 2, 3])², 4 steps, StepLR(2, 0.5).
const CASES: [string, OptimizerSpec, number[]][] = [
  ['Adam with L2 weight decay', { kind: 'adam', lr: 0.1, weightDecay: 0.01, schedule: { kind: 'step', every: 2, gamma: 0.5 } }, [0.7937890484735981, -0.7004635198555172, 2.2980226458444437]],
  ['AdamW (decoupled decay, betas, eps)', { kind: 'adam', lr: 0.1, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1, decoupled: true, schedule: { kind: 'step', every: 2, gamma: 0.5 } }, [0.7737839339534553, -0.6745142833736326, 2.2350134482680146]],
  ['SGD with momentum, dampening, weight decay', { kind: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, schedule: { kind: 'step', every: 2, gamma: 0.5 } }, [0.7522946928976745, 0.5239106576030388, 2.502053760741101]],
  ['SGD Nesterov', { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, schedule: { kind: 'step', every: 2, gamma: 0.5 } }, [0.83863777375, 1.0318266425000002, 2.6772755475000003]],
];

for (const [name, spec, want] of CASES) {
  test(`host ${name} follows torch.optim exactly`, () => {
    const opt = hostOptimizer(spec);
    const p = new Float64Array([0.5, -1, 2]);
    const c = [1, 2, 3];
    for (let s = 0; s < 4; s++) opt.update({ p }, { p: Array.from(p, (v, i) => 2 * (v - c[i]!)) });
    p.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-12, `${name}: p[${i}] = ${v}, torch ${want[i]}`));
  });
}

for (const [name, spec, want] of CASES) {
  test(`host ${name}: state() after 2 steps, load() into a fresh optimiser, 2 more steps give torch's result`, () => {
    const c = [1, 2, 3];
    const grad = (p: Float64Array): { p: number[] } => ({ p: Array.from(p, (v, i) => 2 * (v - c[i]!)) });
    const first = hostOptimizer(spec);
    const p = new Float64Array([0.5, -1, 2]);
    for (let s = 0; s < 2; s++) first.update({ p }, grad(p));
    const saved = first.state();
    first.update({ p: new Float64Array(3) }, { p: [1, 1, 1] }); // later updates must not leak into the saved state
    const resumed = hostOptimizer(spec);
    resumed.load(saved);
    assert.equal(resumed.step, 2);
    for (let s = 0; s < 2; s++) resumed.update({ p }, grad(p));
    p.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-12, `${name}: p[${i}] = ${v}, torch ${want[i]}`));
  });
}

test('loading an Adam state into SGD is an error that says so', () => {
  const adam = hostOptimizer({ kind: 'adam', lr: 0.1 });
  adam.update({ p: new Float64Array([1]) }, { p: [1] });
  assert.throws(() => hostOptimizer({ kind: 'sgd', lr: 0.1 }).load(adam.state()), /Cannot load an optimiser state of kind 'adam' into a 'sgd' optimiser/);
});
