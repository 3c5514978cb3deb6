/**
 * Finite-difference checks of gradient rules (used by the rule tests). Builds a one-node model, a loss
 * L = Σ_k Σ Y_k·R_k with fixed random weights R_k, differentiates it with the builder and compares every
 * (or a sampled subset of) input element(s) against central differences computed with onnxruntime.
 */
import assert from 'node:assert/strict';
import type { NodeProto, TensorProto } from '../../onnx/gen/onnx_pb';
import { graph, model, node, valueInfo, type AttrValue } from '../../onnx/builder';
import { tensorToProto, type HostTensor } from '../../onnx/tensor';
import type { NumericDType } from '../../onnx/dtype';
import { openSession } from '../../runtime/session';
import { buildGradient } from '../builder';

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randn(dims: number[], seed: number, dtype: 'float32' | 'float64' = 'float64', opts: { min?: number; max?: number; awayFrom?: number[]; gap?: number } = {}): HostTensor {
  const r = rng(seed);
  const n = dims.reduce((a, b) => a * b, 1);
  const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  const lo = opts.min ?? -1;
  const hi = opts.max ?? 1;
  for (let i = 0; i < n; i++) {
    let v: number;
    do v = lo + (hi - lo) * r();
    while ((opts.awayFrom ?? []).some((k) => Math.abs(v - k) < (opts.gap ?? 0.05)));
    data[i] = v;
  }
  return { dtype, dims: [...dims], data };
}

export function ints(dims: number[], values: number[]): HostTensor {
  return { dtype: 'int64', dims, data: new BigInt64Array(values.map(BigInt)) };
}

export function floats(dims: number[], values: number[], dtype: 'float32' | 'float64' = 'float64'): HostTensor {
  return { dtype, dims, data: dtype === 'float64' ? new Float64Array(values) : new Float32Array(values) };
}

export type CaseInput = HostTensor | { const: HostTensor } | null;

export interface OpCase {
  op: string;
  attrs?: Record<string, AttrValue | undefined>;
  inputs: CaseInput[];
  /** Number of outputs the node has (all enter the loss unless `lossOutputs` says otherwise). */
  outputs?: number;
  lossOutputs?: number[];
  /** Inputs to differentiate (default: every non-const float input). */
  wrt?: number[];
  /** Finite-difference step. */
  h?: number;
  /** Max |numeric − analytic| relative to max(|analytic|, 1). */
  tol?: number;
  /** Check at most this many elements per input. */
  samples?: number;
  seed?: number;
  /** Extra nodes after the op (reading 'y0'...), whose output 'z' feeds the loss instead. */
  tail?: NodeProto[];
  /** How many of the inputs the op itself takes (the rest are only read by the tail). */
  headInputs?: number;
  /** Constant tensors the tail reads, by name. */
  consts?: Record<string, HostTensor>;
}

function isConst(i: CaseInput): i is { const: HostTensor } {
  return i !== null && 'const' in i;
}

export interface CheckResult {
  maxError: number;
  maxGrad: number;
}

export async function gradCheck(c: OpCase): Promise<CheckResult[]> {
  const nOut = c.outputs ?? 1;
  const inputNames = c.inputs.map((i, k) => (i === null ? '' : `x${k}`));
  const outNames = Array.from({ length: nOut }, (_, k) => `y${k}`);
  const feeds: Record<string, HostTensor> = {};
  const inits: TensorProto[] = [];
  const gInputs: ReturnType<typeof valueInfo>[] = [];
  c.inputs.forEach((inp, k) => {
    if (inp === null) return;
    if (isConst(inp)) inits.push(tensorToProto(`x${k}`, inp.const));
    else {
      feeds[`x${k}`] = inp;
      gInputs.push(valueInfo(`x${k}`, inp.dtype, inp.dims));
    }
  });
  for (const [name, t] of Object.entries(c.consts ?? {})) inits.push(tensorToProto(name, t));
  const fwdNodes = [node(c.op, inputNames.slice(0, c.headInputs ?? inputNames.length), outNames, c.attrs ?? {}), ...(c.tail ?? [])];
  const lossFrom = c.tail ? ['z'] : (c.lossOutputs ?? outNames.map((_, k) => k)).map((k) => outNames[k]!);
  const dtype: NumericDType = (Object.values(feeds)[0]?.dtype ?? 'float64') as NumericDType;
  // Probe output shapes.
  const probe = model(graph({ nodes: fwdNodes, inputs: gInputs, outputs: lossFrom.map((o) => valueInfo(o, dtype)), initializers: inits }));
  const ps = await openSession(probe, { threads: 1 });
  const shapes = await ps.run(feeds);
  const r = rng(c.seed ?? 7);
  const lossNodes: NodeProto[] = [];
  const terms: string[] = [];
  const weights: TensorProto[] = [];
  for (const o of lossFrom) {
    const y = shapes[o]!;
    const w = randn(y.dims, Math.floor(r() * 1e9), y.dtype as 'float32' | 'float64');
    weights.push(tensorToProto(`w_${o}`, w));
    lossNodes.push(node('Mul', [o, `w_${o}`], [`m_${o}`]), node('ReduceSum', [`m_${o}`], [`s_${o}`], { keepdims: 0 }));
    terms.push(`s_${o}`);
  }
  lossNodes.push(terms.length === 1 ? node('Identity', terms, ['loss']) : node('Sum', terms, ['loss']));
  const fwd = model(
    graph({
      nodes: [...fwdNodes, ...lossNodes],
      inputs: gInputs,
      outputs: [valueInfo('loss', dtype, [])],
      initializers: [...inits, ...weights],
    }),
  );
  const wrtIdx = c.wrt ?? c.inputs.map((i, k) => (i !== null && !isConst(i) && i.dtype.startsWith('float') ? k : -1)).filter((k) => k >= 0);
  const wrt = wrtIdx.map((k) => `x${k}`);
  const gm = buildGradient(fwd, { loss: 'loss', wrt });
  const gs = await openSession(gm.model, { threads: 1 });
  const feedFor = (s: typeof gs, f: Record<string, HostTensor>): Record<string, HostTensor> =>
    Object.fromEntries(Object.entries(f).filter(([k]) => s.inputNames.includes(k)));
  const analytic = await gs.run(feedFor(gs, feeds));
  const ls = await openSession(fwd, { threads: 1 });
  const lossAt = async (f: Record<string, HostTensor>): Promise<number> => Number((await ls.run(feedFor(ls, f))).loss!.data[0]);
  const h = c.h ?? (dtype === 'float64' ? 1e-6 : 1e-2);
  const results: CheckResult[] = [];
  for (const w of wrt) {
    const ga = analytic[gm.grads[w]!]!;
    const x = feeds[w]!;
    assert.deepEqual(ga.dims, x.dims, `gradient of ${w} has the input's shape`);
    const n = x.data.length;
    const picks = n <= (c.samples ?? 64) ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: c.samples ?? 64 }, () => Math.floor(r() * n));
    let maxErr = 0;
    let maxG = 0;
    for (let i = 0; i < n; i++) maxG = Math.max(maxG, Math.abs(Number(ga.data[i])));
    for (const i of picks) {
      const data = x.data as Float64Array | Float32Array;
      const orig = data[i]!;
      data[i] = orig + h;
      const lp = await lossAt(feeds);
      data[i] = orig - h;
      const lm = await lossAt(feeds);
      data[i] = orig;
      const num = (lp - lm) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(num - Number(ga.data[i])));
    }
    const rel = maxErr / Math.max(maxG, 1);
    const tol = c.tol ?? (dtype === 'float64' ? 1e-6 : 2e-3);
    assert.ok(rel <= tol, `${c.op}: d/d${w} differs from finite differences by ${rel.toExponential(2)} (tol ${tol}, max|g| ${maxG.toExponential(2)})`);
    assert.ok(maxG > 0, `${c.op}: gradient of ${w} is identically zero`);
    results.push({ maxError: rel, maxGrad: maxG });
  }
  return results;
}

/** Distinct values (a shuffled grid with spacing `gap`), so max/argmax ties are never within a small step. */
export function distinct(dims: number[], seed: number, dtype: 'float32' | 'float64' = 'float32', gap = 0.05): HostTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const r = rng(seed);
  const vals = Array.from({ length: n }, (_, i) => (i - n / 2) * gap);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [vals[i], vals[j]] = [vals[j]!, vals[i]!];
  }
  return { dtype, dims: [...dims], data: dtype === 'float64' ? new Float64Array(vals) : new Float32Array(vals) };
}
