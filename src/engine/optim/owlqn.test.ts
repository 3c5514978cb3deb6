import { test } from 'node:test';
import assert from 'node:assert/strict';
import { owlqn, type BatchObjective } from './owlqn';
import { adamUpdate } from './adam-step';
import { SeededRandom } from '../util/random';

/** Deterministic values in [−1, 1). */
function uniformSigned(seed: number): () => number {
  const r = new SeededRandom(seed);
  return () => 2 * r.next() - 1;
}

/** ℓ(x) = ½‖A x − b‖² per row, each row with its own A and b (m × n). */
function leastSquares(problems: { a: number[][]; b: number[] }[]): BatchObjective {
  return async (x) => {
    const n = x.length / problems.length;
    const loss = new Float64Array(problems.length);
    const grad = new Float32Array(x.length);
    problems.forEach(({ a, b }, r) => {
      const xr = x.subarray(r * n, (r + 1) * n);
      a.forEach((row, i) => {
        const res = row.reduce((s, v, j) => s + v * xr[j]!, 0) - b[i]!;
        loss[r]! += 0.5 * res * res;
        row.forEach((v, j) => (grad[r * n + j]! += res * v));
      });
    });
    return { loss, grad };
  };
}

function randomProblem(seed: number, m: number, n: number): { a: number[][]; b: number[] } {
  const rnd = uniformSigned(seed);
  return { a: Array.from({ length: m }, () => Array.from({ length: n }, rnd)), b: Array.from({ length: m }, rnd) };
}

/** The lasso's solution by cyclic coordinate descent in float64, run to convergence. */
function lassoByCoordinateDescent({ a, b }: { a: number[][]; b: number[] }, l1: number): number[] {
  const n = a[0]!.length;
  const x = new Array<number>(n).fill(0);
  const colSq = Array.from({ length: n }, (_, j) => a.reduce((s, row) => s + row[j]! * row[j]!, 0));
  for (let sweep = 0; sweep < 20000; sweep++) {
    for (let j = 0; j < n; j++) {
      let rho = 0;
      a.forEach((row, i) => {
        const pred = row.reduce((s, v, k) => (k === j ? s : s + v * x[k]!), 0);
        rho += row[j]! * (b[i]! - pred);
      });
      x[j] = Math.sign(rho) * Math.max(Math.abs(rho) - l1, 0) / colSq[j]!;
    }
  }
  return x;
}

test('OWL-QN solves a lasso problem: same solution as coordinate descent, exact zeros where the lasso has them', async () => {
  const problem = randomProblem(3, 30, 12);
  const l1 = 1.5;
  const want = lassoByCoordinateDescent(problem, l1);
  const zeros = want.filter((v) => v === 0).length;
  assert.ok(zeros >= 3 && zeros <= 9, `test problem should have some zero and some non-zero coordinates, has ${zeros} zeros`);
  const x = new Float32Array(12);
  const r = await owlqn(x, 1, leastSquares([problem]), { l1, evaluations: 300 });
  want.forEach((w, j) => {
    if (w === 0) assert.equal(x[j], 0, `coordinate ${j}: lasso has 0, OWL-QN ${x[j]}`);
    else assert.ok(Math.abs(x[j]! - w) < 1e-4, `coordinate ${j}: lasso ${w}, OWL-QN ${x[j]}`);
  });
  assert.ok(r.iterations[0]! > 5 && r.evaluations <= 300);
});

test('OWL-QN with λ = 0 is L-BFGS: an ill-conditioned quadratic (condition 1e4) solved in 150 evaluations, where Adam is not', async () => {
  const n = 40;
  const rnd = uniformSigned(11);
  // A = Q·diag(√κ_i) with a random orthogonal-ish Q from Gram–Schmidt, κ from 1 to 1e4.
  const q: number[][] = [];
  for (let i = 0; i < n; i++) {
    let v = Array.from({ length: n }, rnd);
    for (const u of q) {
      const p = v.reduce((s, vi, k) => s + vi * u[k]!, 0);
      v = v.map((vi, k) => vi - p * u[k]!);
    }
    const norm = Math.hypot(...v);
    q.push(v.map((vi) => vi / norm));
  }
  const scale = Array.from({ length: n }, (_, i) => Math.sqrt(10 ** ((4 * i) / (n - 1))));
  const a = q.map((row) => row.map((v, j) => v * scale[j]!));
  const xStar = Array.from({ length: n }, rnd);
  const b = a.map((row) => row.reduce((s, v, j) => s + v * xStar[j]!, 0));
  const f = leastSquares([{ a, b }]);
  const err = (x: ArrayLike<number>): number => Math.hypot(...xStar.map((v, j) => v - x[j]!)) / Math.hypot(...xStar);

  const x = new Float32Array(n);
  await owlqn(x, 1, f, { l1: 0, evaluations: 150 });
  assert.ok(err(x) < 1e-3, `L-BFGS relative error ${err(x)}`);

  let bestAdam = Infinity;
  for (const lr of [0.3, 0.1, 0.03, 0.01]) {
    const p = new Float32Array(n);
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    for (let s = 1; s <= 150; s++) adamUpdate(p, (await f(p)).grad, m, v, s, { lr, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 });
    bestAdam = Math.min(bestAdam, err(p));
  }
  assert.ok(bestAdam > 10 * err(x), `Adam's best relative error ${bestAdam} vs L-BFGS ${err(x)}`);
});

test('OWL-QN rows are independent: a row reaches the same point alone as in a batch', async () => {
  const p1 = randomProblem(5, 20, 8);
  const p2 = randomProblem(6, 20, 8);
  const alone = new Float32Array(8);
  await owlqn(alone, 1, leastSquares([p1]), { l1: 0.5, evaluations: 60 });
  const batch = new Float32Array(16);
  await owlqn(batch, 2, leastSquares([p1, p2]), { l1: 0.5, evaluations: 60 });
  assert.deepEqual(Array.from(batch.subarray(0, 8)), Array.from(alone));
});

test('OWL-QN never increases a row objective, reports it per evaluation and stops at the evaluation budget', async () => {
  const problem = randomProblem(8, 25, 10);
  const seen: number[] = [];
  const x = new Float32Array(10).fill(0.5);
  const r = await owlqn(x, 1, leastSquares([problem]), { l1: 0.2, evaluations: 25, onEvaluation: (_, obj) => seen.push(obj[0]!) });
  assert.equal(r.evaluations, 25);
  assert.equal(seen.length, 25);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! <= seen[i - 1]!, `objective rose at evaluation ${i + 1}: ${seen[i - 1]} → ${seen[i]}`);
  assert.ok(seen[24]! < seen[0]! / 2);
  assert.equal(r.objective[0], seen[24]);
});

test('OWL-QN rejects an objective whose outputs do not match the rows', async () => {
  const bad: BatchObjective = async (x) => ({ loss: [0], grad: new Float32Array(x.length) });
  await assert.rejects(owlqn(new Float32Array(6), 2, bad, { l1: 0, evaluations: 3 }), /returned 1 losses and 6 gradient values for 2 rows of 3/);
  await assert.rejects(owlqn(new Float32Array(7), 2, bad, { l1: 0, evaluations: 3 }), /7 values do not split into 2 rows/);
});
