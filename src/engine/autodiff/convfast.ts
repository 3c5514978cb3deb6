/**
 * Faster formulations of the Conv gradients that onnxruntime's CPU provider runs well (measured in
 * docs/autodiff.md): the input gradient as a plain Conv with the flipped, transposed kernel (stride 1, and 1×1
 * kernels with any stride via zero insertion), and the weight gradient as one batched MatMul per kernel tap
 * (groups = 1). The general ConvTranspose / role-swapped Conv forms in convgeom.ts cover everything else.
 */
import type { Emitter } from './emitter';
import type { ConvGeometry } from './convgeom';
import { matchSpatialSize } from './convgeom';

const MIN_INT64 = -(2 ** 62);

/** Kernel of the adjoint conv: [Ci, Co/G, k…], flipped in space unless `flip` is false (groups via reshapes). */
function adjointKernel(e: Emitter, w: string, geo: ConvGeometry, flip = true): string {
  const n = geo.n;
  let t: string;
  if (geo.group === 1) t = e.op('Transpose', [w], { perm: [1, 0, ...Array.from({ length: n }, (_, i) => i + 2)] });
  else {
    const sw = e.shape(w);
    const g5 = e.op('Reshape', [w, e.op('Concat', [e.int64([geo.group, -1]), e.op('Slice', [sw, e.int64([1]), e.int64([2 + n])])], { axis: 0 })]);
    const tr = e.op('Transpose', [g5], { perm: [0, 2, 1, ...Array.from({ length: n }, (_, i) => i + 3)] });
    t = e.op('Reshape', [tr, e.op('Concat', [e.int64([-1]), e.op('Slice', [e.shape(tr), e.int64([2]), e.int64([3 + n])])], { axis: 0 })]);
  }
  const kernelIsOne = geo.kernel?.every((k) => k === 1) ?? false;
  if (kernelIsOne || !flip) return t;
  const axes = Array.from({ length: n }, (_, i) => i + 2);
  return e.op('Slice', [t, e.int64(new Array(n).fill(-1)), e.int64(new Array(n).fill(MIN_INT64)), e.int64(axes), e.int64(new Array(n).fill(-1))]);
}

/** Inserts s−1 zeros after every element along each spatial axis (the stride pattern of a strided conv). */
function zeroInsert(e: Emitter, g: string, strides: number[]): string {
  // [N, C, H, W] → [N, C, H, 1, W, 1] → concat zeros on the unit axes → [N, C, H·s, W·s] (Concat beat Pad here).
  const n = strides.length;
  let t = e.op('Unsqueeze', [g, e.int64(Array.from({ length: n }, (_, i) => 3 + 2 * i))]);
  for (let i = n - 1; i >= 0; i--) {
    const s = strides[i]!;
    if (s === 1) continue;
    const axis = 3 + 2 * i;
    const zshape = e.op('Concat', [e.op('Slice', [e.shape(t), e.int64([0]), e.int64([axis])]), e.int64([s - 1]), e.op('Slice', [e.shape(t), e.int64([axis + 1]), e.int64([2 + 2 * n])])], { axis: 0 });
    const zeros = e.op('CastLike', [e.op('ConstantOfShape', [zshape]), g]);
    t = e.op('Concat', [t, zeros], { axis });
  }
  const sg = e.shape(g);
  const dims = [e.op('Slice', [sg, e.int64([0]), e.int64([2])])];
  strides.forEach((s, i) => dims.push(e.op('Mul', [e.op('Slice', [sg, e.int64([2 + i]), e.int64([3 + i])]), e.int64([s])])));
  return e.op('Reshape', [t, e.op('Concat', dims, { axis: 0 })]);
}

/** dX as a forward Conv, or undefined when this geometry needs the general ConvTranspose form. */
export function convInputGradFast(e: Emitter, g: string, w: string, x: string, geo: ConvGeometry, wShape?: readonly (number | string)[]): string | undefined {
  if (!geo.kernel) return undefined;
  const n = geo.n;
  const strided = geo.strides.some((s) => s !== 1);
  const oneByOne = geo.kernel.every((k) => k === 1);
  if (strided && !oneByOne) return polyphaseInputGrad(e, g, w, x, geo, wShape);
  const span = geo.kernel.map((k, i) => (k - 1) * geo.dilations[i]!);
  const pads = [...span.map((s, i) => s - geo.pads[i]!), ...span.map((s, i) => s - geo.pads[n + i]!)];
  if (pads.some((p) => p < 0)) return undefined;
  // A strided 1×1 conv reads every s-th pixel: convolve on the output grid, then spread with zeros.
  const dx = e.op('Conv', [g, adjointKernel(e, w, geo)], {
    kernel_shape: geo.kernel,
    dilations: geo.dilations,
    pads: strided ? new Array(2 * n).fill(0) : pads,
    group: geo.group,
  });
  return strided ? matchSpatialSize(e, zeroInsert(e, dx, geo.strides), x, n) : dx;
}

/**
 * dW for groups = 1: for each kernel tap, the strided slice of the padded input it reads, contracted with g over
 * (batch, positions) by a batched MatMul ([N, Co, P] × [N, P, Ci]) and summed over the batch.
 */
export function convWeightGradFast(e: Emitter, x: string, g: string, geo: ConvGeometry): string | undefined {
  if (geo.group !== 1 || !geo.kernel || geo.n !== 2) return undefined;
  const n = geo.n;
  const [kh, kw] = geo.kernel as [number, number];
  const padded = geo.pads.some((p) => p !== 0) ? e.op('Pad', [x, e.int64([0, 0, ...geo.pads.slice(0, n), 0, 0, ...geo.pads.slice(n)])]) : x;
  const gFlat = e.op('Reshape', [g, e.int64([0, 0, -1])]);
  const outHW = e.op('Slice', [e.shape(g), e.int64([2]), e.int64([4])]);
  const taps: string[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const start = [i * geo.dilations[0]!, j * geo.dilations[1]!];
      // end = start + (out − 1)·stride + 1
      const ends = e.add(e.add(e.mul(e.sub(outHW, e.int64([1])), e.int64(geo.strides)), e.int64(start)), e.int64([1, 1]));
      const trivial = kh === 1 && kw === 1 && geo.strides.every((s) => s === 1) && !geo.pads.some((p) => p !== 0);
      const xs = trivial ? padded : e.op('Slice', [padded, e.int64(start), ends, e.int64([2, 3]), e.int64(geo.strides)]);
      const xFlat = e.op('Reshape', [xs, e.int64([0, 0, -1])]);
      const prod = e.op('MatMul', [gFlat, e.op('Transpose', [xFlat], { perm: [0, 2, 1] })]);
      taps.push(e.op('ReduceSum', [prod, e.int64([0])], { keepdims: 0 }));
    }
  }
  // Stack taps: [Co, Ci, kh·kw] → [Co, Ci, kh, kw].
  const stacked = taps.length === 1 ? e.op('Unsqueeze', [taps[0]!, e.int64([2])]) : e.op('Concat', taps.map((t) => e.op('Unsqueeze', [t, e.int64([2])])), { axis: 2 });
  return e.op('Reshape', [stacked, e.op('Concat', [e.op('Slice', [e.shape(stacked), e.int64([0]), e.int64([2])]), e.int64([kh, kw])], { axis: 0 })]);
}

/**
 * dX of a strided k×k conv (2-D, dilation 1) as s_h·s_w small stride-1 Convs, one per output phase (a, b): the
 * input pixels i ≡ a (mod s) receive g through the kernel taps k ≡ (a + pad) (mod s) only. The phases are
 * interleaved back with Unsqueeze/Concat/Reshape and cropped to x's size. Same FLOPs as the forward conv, on
 * onnxruntime's fast Conv path (ConvTranspose is much slower on CPU). With few input channels the phases run as
 * one merged Conv instead (`mergedPhases`).
 */
function polyphaseInputGrad(e: Emitter, g: string, w: string, x: string, geo: ConvGeometry, wShape?: readonly (number | string)[]): string | undefined {
  if (geo.n !== 2 || geo.dilations.some((d) => d !== 1)) return undefined;
  const [sh, sw] = geo.strides as [number, number];
  const plans = [0, 1].map((axis) => Array.from({ length: geo.strides[axis]! }, (_, a) => phasePlan(geo, axis, a)));
  if (plans.some((axis) => axis.some((p) => p.j <= 0))) return undefined;
  const wt = adjointKernel(e, w, geo, false);
  // Phase grid size: ceil(H/s) per axis, from x's shape.
  const sx = e.shape(x);
  const hw = e.op('Slice', [sx, e.int64([2]), e.int64([4])]);
  const m = e.op('Div', [e.add(hw, e.int64([sh - 1, sw - 1])), e.int64([sh, sw])]);
  const inChannels = wShape?.[1];
  if (geo.group === 1 && sh === sw && typeof inChannels === 'number' && mergedIsCheaper(plans, inChannels, sh * sw)) {
    return matchSpatialSize(e, mergedPhases(e, g, wt, plans, m, sh), x, 2);
  }
  const rows: string[] = [];
  for (let a = 0; a < sh; a++) {
    const cols: string[] = [];
    for (let b = 0; b < sw; b++) {
      const ph = plans[0]![a]!;
      const pw = plans[1]![b]!;
      const sub = flippedSubKernel(e, wt, ph, pw, sh, sw);
      const cropH = Math.max(0, -ph.begin);
      const cropW = Math.max(0, -pw.begin);
      const src = cropH || cropW ? e.op('Slice', [g, e.int64([cropH, cropW]), e.int64([2 ** 62, 2 ** 62]), e.int64([2, 3])]) : g;
      const conv = e.op('Conv', [src, sub], {
        kernel_shape: [ph.j, pw.j],
        pads: [Math.max(0, ph.begin), Math.max(0, pw.begin), ph.j - 1, pw.j - 1],
        group: geo.group,
      });
      const sized = fitSpatial(e, conv, m);
      cols.push(e.op('Unsqueeze', [sized, e.int64([3, 5])]));
    }
    rows.push(cols.length === 1 ? cols[0]! : e.op('Concat', cols, { axis: 5 }));
  }
  const stacked = rows.length === 1 ? rows[0]! : e.op('Concat', rows, { axis: 3 });
  const sg = e.shape(stacked);
  const full = e.op('Concat', [e.op('Slice', [sg, e.int64([0]), e.int64([2])]), e.op('Mul', [m, e.int64([sh, sw])])], { axis: 0 });
  return matchSpatialSize(e, e.op('Reshape', [stacked, full]), x, 2);
}

interface PhasePlan {
  /** First kernel tap of this phase (taps r, r + s, …). */
  r: number;
  /** Number of taps. */
  j: number;
  /** The phase's conv reads g[m − begin + t] for t in [0, j). */
  begin: number;
}

/** Along one spatial axis: which kernel taps feed the input pixels i ≡ a (mod stride), and where they read g. */
function phasePlan(geo: ConvGeometry, axis: number, a: number): PhasePlan {
  const s = geo.strides[axis]!;
  const k = geo.kernel![axis]!;
  const pb = geo.pads[axis]!;
  const r = (((a + pb) % s) + s) % s;
  const j = Math.ceil((k - r) / s);
  const c = (r - a - pb) / s;
  return { r, j, begin: c + j - 1 };
}

/** One phase's kernel, flipped: taps r + s·t for t = J−1 … 0 along each axis. */
function flippedSubKernel(e: Emitter, wt: string, ph: PhasePlan, pw: PhasePlan, sh: number, sw: number): string {
  return e.op('Slice', [wt, e.int64([ph.r + sh * (ph.j - 1), pw.r + sw * (pw.j - 1)]), e.int64([MIN_INT64, MIN_INT64]), e.int64([2, 3]), e.int64([-sh, -sw])]);
}

/** The common window of all phases along one axis: the offsets (−begin) every phase's taps cover. */
function phaseWindow(plans: PhasePlan[]): { lo: number; size: number } {
  const lo = Math.min(...plans.map((p) => -p.begin));
  const hi = Math.max(...plans.map((p) => -p.begin + p.j));
  return { lo, size: hi - lo };
}

/**
 * onnxruntime's blocked (NCHWc) Conv computes output channels in blocks of up to 16, so a backward conv with
 * few output channels (the image's 3 channels under a 7×7 stride-2 stem) wastes most of each block. One Conv
 * with all s² phases stacked as output channels fills the blocks; it pays for zero taps where phases are
 * shorter than the common window. Picks whichever does fewer blocked multiply-adds.
 */
function mergedIsCheaper(plans: PhasePlan[][], channels: number, phases: number): boolean {
  const block = (c: number): number => Math.ceil(c / 16) * 16;
  let separate = 0;
  for (const ph of plans[0]!) for (const pw of plans[1]!) separate += block(channels) * ph.j * pw.j;
  const merged = block(channels * phases) * phaseWindow(plans[0]!).size * phaseWindow(plans[1]!).size;
  return merged < separate;
}

/**
 * All phases in one Conv: each phase's flipped sub-kernel is zero-padded to the common window and stacked on the
 * output-channel axis in (a, b) order, so DepthToSpace (DCR) interleaves the phases back into pixels.
 */
function mergedPhases(e: Emitter, g: string, wt: string, plans: PhasePlan[][], m: string, s: number): string {
  const [wh, ww] = [phaseWindow(plans[0]!), phaseWindow(plans[1]!)];
  const kernels: string[] = [];
  for (const ph of plans[0]!) {
    for (const pw of plans[1]!) {
      const sub = flippedSubKernel(e, wt, ph, pw, s, s);
      const before = [-ph.begin - wh.lo, -pw.begin - ww.lo];
      const after = [wh.size - ph.j - before[0]!, ww.size - pw.j - before[1]!];
      const padded = before.some((p) => p > 0) || after.some((p) => p > 0) ? e.op('Pad', [sub, e.int64([0, 0, before[0]!, before[1]!, 0, 0, after[0]!, after[1]!])]) : sub;
      kernels.push(padded);
    }
  }
  const kernel = e.op('Concat', kernels, { axis: 0 });
  // The window starts at g[m + lo]: pad the start by −lo, or crop lo rows first.
  const crop = [Math.max(0, wh.lo), Math.max(0, ww.lo)];
  const src = crop.some((c) => c > 0) ? e.op('Slice', [g, e.int64(crop), e.int64([2 ** 62, 2 ** 62]), e.int64([2, 3])]) : g;
  const conv = e.op('Conv', [src, kernel], {
    kernel_shape: [wh.size, ww.size],
    pads: [Math.max(0, -wh.lo), Math.max(0, -ww.lo), wh.size - 1, ww.size - 1],
  });
  return e.op('DepthToSpace', [fitSpatial(e, conv, m)], { blocksize: s, mode: 'DCR' });
}

/** Pads or crops the trailing edge of t's two spatial axes to the sizes in `size` ([2] int64). */
function fitSpatial(e: Emitter, t: string, size: string): string {
  const have = e.op('Slice', [e.shape(t), e.int64([2]), e.int64([4])]);
  const pads = e.op('Concat', [e.int64([0, 0, 0, 0, 0, 0]), e.sub(size, have)], { axis: 0 });
  return e.op('Pad', [t, pads]);
}
