/**
 * OWL-QN (Andrew & Gao 2007, "Scalable training of L1-regularized log-linear models"): limited-memory BFGS for
 * F(x) = ℓ(x) + λ‖x‖₁ with ℓ smooth, run independently on every row of a batch. ℓ is evaluated for the whole batch
 * at once (one graph run gives every row's loss and gradient), so the rows move in lock step: each evaluation is a
 * trial point of every row's line search. With λ = 0 it is plain L-BFGS with a backtracking Armijo line search.
 * Cancellation: the objective throws (it runs the graph and sees the caller's signal).
 *
 * Why not Adam for these problems: a diagonal step size cannot follow a badly conditioned valley (a generator
 * layer seen through the next convolution is one), and Adam never puts a coordinate exactly at 0, so an L1 term
 * does not make its solutions sparse; OWL-QN's orthant projection does.
 */

/** The smooth part ℓ for every row (length rows) and its gradient (the layout of x), at the point x. */
export type BatchObjective = (x: Float32Array) => Promise<{ loss: ArrayLike<number>; grad: Float32Array }>;

export interface OwlqnOptions {
  /** λ of the L1 term; 0 gives plain L-BFGS. */
  l1: number;
  /** Evaluations of the objective (each one call of `objective`, i.e. one graph run for the whole batch). */
  evaluations: number;
  /** Correction pairs kept per row (default 10). */
  history?: number;
  /** Halvings of the step before a row drops its history and restarts from the pseudo-gradient (default 20). */
  maxBacktracks?: number;
  /** After every evaluation: each row's objective F and its smooth part ℓ at the row's accepted point. */
  onEvaluation?: (evaluation: number, objective: Float64Array, loss: Float64Array) => void;
}

export interface OwlqnResult {
  /** F = ℓ + λ‖x‖₁ per row at the returned point. */
  objective: Float64Array;
  evaluations: number;
  /** Accepted steps per row. */
  iterations: Int32Array;
}

const ARMIJO = 1e-4;

/** One row's optimiser state; vectors are views of length `per`. */
class Row {
  x: Float32Array; // accepted point
  g: Float32Array; // ∇ℓ at x
  loss = 0; // ℓ(x)
  objective = Infinity; // F(x)
  pg: Float32Array; // pseudo-gradient of F at x
  d: Float32Array; // search direction
  orthant: Int8Array;
  trial: Float32Array;
  s: Float32Array[] = [];
  y: Float32Array[] = [];
  rho: number[] = [];
  alpha = 1;
  backtracks = 0;
  searching = false;
  iterations = 0;

  constructor(readonly per: number) {
    this.x = new Float32Array(per);
    this.g = new Float32Array(per);
    this.pg = new Float32Array(per);
    this.d = new Float32Array(per);
    this.orthant = new Int8Array(per);
    this.trial = new Float32Array(per);
  }
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function l1Norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]!);
  return s;
}

/** The steepest-descent direction's negative for F at x: ∇ℓ + λ·sign(x), and at x = 0 the one-sided choice or 0. */
function pseudoGradient(x: Float32Array, g: Float32Array, l1: number, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const gi = g[i]!;
    if (xi > 0) out[i] = gi + l1;
    else if (xi < 0) out[i] = gi - l1;
    else if (gi + l1 < 0) out[i] = gi + l1;
    else if (gi - l1 > 0) out[i] = gi - l1;
    else out[i] = 0;
  }
}

/** d = −H·pg by the two-loop recursion, then zeroed where it does not descend along −pg. */
function direction(r: Row): void {
  const { d, pg, s, y, rho } = r;
  for (let i = 0; i < d.length; i++) d[i] = -pg[i]!;
  const k = s.length;
  const a = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    a[j] = rho[j]! * dot(s[j]!, d);
    const yj = y[j]!;
    const aj = a[j]!;
    for (let i = 0; i < d.length; i++) d[i] = d[i]! - aj * yj[i]!;
  }
  if (k > 0) {
    const gamma = dot(s[k - 1]!, y[k - 1]!) / dot(y[k - 1]!, y[k - 1]!);
    for (let i = 0; i < d.length; i++) d[i] = d[i]! * gamma;
  }
  for (let j = 0; j < k; j++) {
    const b = rho[j]! * dot(y[j]!, d);
    const sj = s[j]!;
    const c = a[j]! - b;
    for (let i = 0; i < d.length; i++) d[i] = d[i]! + c * sj[i]!;
  }
  for (let i = 0; i < d.length; i++) if (d[i]! * pg[i]! >= 0) d[i] = 0;
}

function beginSearch(r: Row, l1: number): void {
  pseudoGradient(r.x, r.g, l1, r.pg);
  direction(r);
  for (let i = 0; i < r.per; i++) {
    const xi = r.x[i]!;
    r.orthant[i] = xi > 0 ? 1 : xi < 0 ? -1 : r.pg[i]! < 0 ? 1 : r.pg[i]! > 0 ? -1 : 0;
  }
  // Without curvature information the first step is scaled to unit length, as in L-BFGS implementations.
  const norm = Math.sqrt(dot(r.d, r.d));
  r.alpha = r.s.length === 0 ? (norm > 0 ? Math.min(1, 1 / norm) : 0) : 1;
  r.backtracks = 0;
  r.searching = norm > 0;
}

/** trial = x + α·d projected onto x's orthant (coordinates that would change sign stop at 0). */
function setTrial(r: Row): void {
  for (let i = 0; i < r.per; i++) {
    const v = r.x[i]! + r.alpha * r.d[i]!;
    const o = r.orthant[i]!;
    r.trial[i] = o === 0 || v * o <= 0 ? 0 : v;
  }
}

export async function owlqn(x: Float32Array, rows: number, objective: BatchObjective, o: OwlqnOptions): Promise<OwlqnResult> {
  if (rows <= 0 || x.length % rows !== 0) throw new Error(`owlqn: ${x.length} values do not split into ${rows} rows`);
  const per = x.length / rows;
  const history = o.history ?? 10;
  const maxBacktracks = o.maxBacktracks ?? 20;
  const state = Array.from({ length: rows }, () => new Row(per));
  const objectives = (): Float64Array => Float64Array.from(state, (r) => r.objective);
  const losses = (): Float64Array => Float64Array.from(state, (r) => r.loss);
  let evaluations = 0;
  const evaluate = async (): Promise<{ loss: ArrayLike<number>; grad: Float32Array }> => {
    const out = await objective(x);
    evaluations++;
    if (out.loss.length !== rows || out.grad.length !== x.length) {
      throw new Error(`owlqn: the objective returned ${out.loss.length} losses and ${out.grad.length} gradient values for ${rows} rows of ${per}`);
    }
    return out;
  };

  const first = await evaluate();
  state.forEach((r, i) => {
    r.x.set(x.subarray(i * per, (i + 1) * per));
    r.g.set(first.grad.subarray(i * per, (i + 1) * per));
    r.loss = first.loss[i]!;
    r.objective = r.loss + o.l1 * l1Norm(r.x);
    beginSearch(r, o.l1);
  });
  o.onEvaluation?.(evaluations, objectives(), losses());

  while (evaluations < o.evaluations && state.some((r) => r.searching)) {
    state.forEach((r, i) => {
      if (r.searching) setTrial(r);
      x.set(r.searching ? r.trial : r.x, i * per);
    });
    const out = await evaluate();
    state.forEach((r, i) => {
      if (!r.searching) return;
      const loss = out.loss[i]!;
      const f = loss + o.l1 * l1Norm(r.trial);
      let decrease = 0;
      for (let j = 0; j < per; j++) decrease += r.pg[j]! * (r.trial[j]! - r.x[j]!);
      if (Number.isFinite(f) && f <= r.objective + ARMIJO * decrease) {
        const g = out.grad.subarray(i * per, (i + 1) * per);
        const s = new Float32Array(per);
        const y = new Float32Array(per);
        for (let j = 0; j < per; j++) {
          s[j] = r.trial[j]! - r.x[j]!;
          y[j] = g[j]! - r.g[j]!;
        }
        const sy = dot(s, y);
        if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
          r.s.push(s);
          r.y.push(y);
          r.rho.push(1 / sy);
          if (r.s.length > history) {
            r.s.shift();
            r.y.shift();
            r.rho.shift();
          }
        }
        r.x.set(r.trial);
        r.g.set(g);
        r.loss = loss;
        r.objective = f;
        r.iterations++;
        beginSearch(r, o.l1);
      } else if (++r.backtracks <= maxBacktracks) {
        r.alpha /= 2;
      } else if (r.s.length > 0) {
        r.s = [];
        r.y = [];
        r.rho = [];
        beginSearch(r, o.l1);
      } else {
        // Even a plain pseudo-gradient step fails: nothing left to gain at this precision.
        r.searching = false;
      }
    });
    o.onEvaluation?.(evaluations, objectives(), losses());
  }
  state.forEach((r, i) => x.set(r.x, i * per));
  return { objective: objectives(), evaluations, iterations: Int32Array.from(state, (r) => r.iterations) };
}
