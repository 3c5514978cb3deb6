import { choleskyInPlace, choleskySolveInPlace } from './cholesky';
import { badInput } from '../util/errors';

/**
 * Accumulates the statistics of a ridge regression B ≈ A Wᵀ + b over batches of rows, so that activations of
 * many images never need to sit in memory at once. Sums are float64.
 */
export class LinearFitAccumulator {
  readonly inDim: number;
  readonly outDim: number;
  private rows = 0;
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;
  private readonly ata: Float64Array;
  private readonly atb: Float64Array;

  constructor(inDim: number, outDim: number) {
    this.inDim = inDim;
    this.outDim = outDim;
    this.sumA = new Float64Array(inDim);
    this.sumB = new Float64Array(outDim);
    this.ata = new Float64Array(inDim * inDim);
    this.atb = new Float64Array(inDim * outDim);
  }

  get count(): number {
    return this.rows;
  }

  /**
   * Adds rows given channel-major (as NCHW activations are): a[c * n + r] is channel c of row r, likewise b.
   */
  addChannelMajor(a: Float32Array, b: Float32Array, n: number): void {
    const p = this.inDim;
    const q = this.outDim;
    if (a.length !== p * n || b.length !== q * n) {
      throw badInput(`Least-squares batch has ${a.length}/${b.length} values for ${n} rows of ${p}→${q} channels.`);
    }
    for (let i = 0; i < p; i++) {
      const ai = a.subarray(i * n, (i + 1) * n);
      let s = 0;
      for (let r = 0; r < n; r++) s += ai[r]!;
      this.sumA[i]! += s;
      for (let j = i; j < p; j++) {
        const aj = a.subarray(j * n, (j + 1) * n);
        let d = 0;
        for (let r = 0; r < n; r++) d += ai[r]! * aj[r]!;
        this.ata[i * p + j]! += d;
      }
      for (let j = 0; j < q; j++) {
        const bj = b.subarray(j * n, (j + 1) * n);
        let d = 0;
        for (let r = 0; r < n; r++) d += ai[r]! * bj[r]!;
        this.atb[i * q + j]! += d;
      }
    }
    for (let j = 0; j < q; j++) {
      const bj = b.subarray(j * n, (j + 1) * n);
      let s = 0;
      for (let r = 0; r < n; r++) s += bj[r]!;
      this.sumB[j]! += s;
    }
    this.rows += n;
  }

  /**
   * Solves for the 1x1 convolution: weight [outDim, inDim] and bias [outDim], minimising
   * Σ‖B − (A Wᵀ + b)‖² + ridge · trace(AᶜᵀAᶜ)/inDim · ‖W‖² on centred data (the ridge is relative to the data's scale).
   */
  solve(ridge = 1e-3): { weight: Float32Array; bias: Float32Array } {
    const p = this.inDim;
    const q = this.outDim;
    const n = this.rows;
    if (n < 2) throw badInput('The least-squares fit needs at least two activation vectors.');
    const meanA = this.sumA.map((s) => s / n);
    const meanB = this.sumB.map((s) => s / n);
    const g = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = i; j < p; j++) {
        const v = this.ata[i * p + j]! - n * meanA[i]! * meanA[j]!;
        g[i * p + j] = v;
        g[j * p + i] = v;
      }
    }
    let trace = 0;
    for (let i = 0; i < p; i++) trace += g[i * p + i]!;
    const lambda = Math.max(ridge * (trace / p), 1e-12);
    for (let i = 0; i < p; i++) g[i * p + i]! += lambda;
    const rhs = new Float64Array(p * q);
    for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) rhs[i * q + j] = this.atb[i * q + j]! - n * meanA[i]! * meanB[j]!;
    if (!choleskyInPlace(g, p)) throw badInput('The least-squares system is singular; increase the ridge or use more images.');
    choleskySolveInPlace(g, p, rhs, q);
    const weight = new Float32Array(q * p);
    const bias = new Float32Array(q);
    for (let j = 0; j < q; j++) {
      let b = meanB[j]!;
      for (let i = 0; i < p; i++) {
        const w = rhs[i * q + j]!;
        weight[j * p + i] = w;
        b -= w * meanA[i]!;
      }
      bias[j] = b;
    }
    return { weight, bias };
  }
}
