/**
 * Shared pieces of the convolution-family gradients: reading Conv attributes, the input gradient as a
 * ConvTranspose cropped/padded to the input's size, and the weight gradient as a Conv with batch and channel
 * roles swapped (no im2col in the graph).
 */
import type { NodeProto } from '../onnx/gen/onnx_pb';
import { attrInt, attrInts, attrString } from '../onnx/builder';
import { badInput } from '../util/errors';
import type { Emitter } from './emitter';

export interface ConvGeometry {
  /** Number of spatial axes. */
  n: number;
  kernel?: number[];
  strides: number[];
  dilations: number[];
  /** Begin pads then end pads, per spatial axis. */
  pads: number[];
  group: number;
}

/** Static shapes that let SAME auto_pad be turned into explicit pads (the input's and the weight's). */
export interface ConvShapes {
  x?: readonly (number | string)[] | undefined;
  w?: readonly (number | string)[] | undefined;
}

/**
 * Explicit pads of auto_pad SAME_UPPER / SAME_LOWER, as onnxruntime computes them: output = ceil(in / stride),
 * total = max(0, (out − 1)·stride + (k − 1)·dilation + 1 − in), the odd pixel at the end (UPPER) or start (LOWER).
 */
export function samePads(mode: 'SAME_UPPER' | 'SAME_LOWER', input: number[], kernel: number[], strides: number[], dilations: number[]): number[] {
  const begin: number[] = [];
  const end: number[] = [];
  input.forEach((size, i) => {
    const out = Math.ceil(size / strides[i]!);
    const total = Math.max(0, (out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - size);
    const small = Math.floor(total / 2);
    begin.push(mode === 'SAME_UPPER' ? small : total - small);
    end.push(mode === 'SAME_UPPER' ? total - small : small);
  });
  return [...begin, ...end];
}

const staticDims = (d: readonly (number | string)[] | undefined, from: number, count: number): number[] | undefined => {
  const s = d?.slice(from, from + count);
  return s && s.length === count && s.every((v): v is number => typeof v === 'number') ? s : undefined;
};

export function convGeometry(node: NodeProto, weightRank: number | undefined, shapes: ConvShapes = {}): ConvGeometry {
  const kernel = attrInts(node, 'kernel_shape');
  const n =
    kernel?.length ?? attrInts(node, 'strides')?.length ?? attrInts(node, 'dilations')?.length ??
    (attrInts(node, 'pads')?.length ?? 0) / 2;
  const sp = n || (weightRank !== undefined ? weightRank - 2 : 2);
  const strides = attrInts(node, 'strides') ?? new Array(sp).fill(1);
  const dilations = attrInts(node, 'dilations') ?? new Array(sp).fill(1);
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  let pads: number[];
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const input = staticDims(shapes.x, 2, sp);
    const k = kernel ?? staticDims(shapes.w, 2, sp);
    if (!input || !k || node.opType !== 'Conv') {
      throw badInput(`Node '${node.name}' (${node.opType}) uses auto_pad=${autoPad} and its input's spatial size is not known before running, so its gradient cannot place the padding.`, {
        node: node.name,
        hint: 'Give the model a fixed input size (GAN Lens does when the config sets inputSize), or export it with explicit padding (torch.onnx.export does this by default).',
      });
    }
    pads = samePads(autoPad, input, k, strides, dilations);
  } else {
    pads = autoPad === 'VALID' ? new Array(2 * sp).fill(0) : attrInts(node, 'pads') ?? new Array(2 * sp).fill(0);
  }
  return { n: sp, kernel, strides, dilations, pads, group: attrInt(node, 'group', 1) };
}

/** Pads (or crops) the trailing edge of each spatial axis of `t` so that its spatial size equals `like`'s. */
export function matchSpatialSize(e: Emitter, t: string, like: string, n: number): string {
  const want = e.op('Slice', [e.shape(like), e.int64([2]), e.int64([2 + n])]);
  const have = e.op('Slice', [e.shape(t), e.int64([2]), e.int64([2 + n])]);
  const diff = e.sub(want, have);
  const pads = e.op('Concat', [e.int64(new Array(2 + n + 2).fill(0)), diff], { axis: 0 });
  return e.op('Pad', [t, pads]);
}

/**
 * Adjoint of Conv(·, w) with geometry `geo`, evaluated on g and shaped like x: ConvTranspose plus an edge fix
 * where strides leave the input size ambiguous.
 */
export function convInputGrad(e: Emitter, g: string, w: string, x: string, geo: ConvGeometry): string {
  // With strides, windows may leave trailing input (and end padding) unread: crop only the begin pads here and
  // fix the trailing edge to x's size below.
  const strided = geo.strides.some((s) => s !== 1);
  const pads = strided ? [...geo.pads.slice(0, geo.n), ...new Array(geo.n).fill(0)] : geo.pads;
  const t = e.op('ConvTranspose', [g, w], {
    strides: geo.strides,
    dilations: geo.dilations,
    pads,
    group: geo.group,
    kernel_shape: geo.kernel,
  });
  return strided ? matchSpatialSize(e, t, x, geo.n) : t;
}

/**
 * dW of Y = Conv(x, W) given dY = g, for any groups: a Conv whose input is x with channels and batch swapped
 * ([C/G, G·N, …]) and whose kernel is g ([Co, N, …]), strides and dilations exchanged.
 */
export function convWeightGrad(e: Emitter, x: string, g: string, geo: ConvGeometry, kernelOf: string): string {
  const n = geo.n;
  const perm = [1, 0, ...Array.from({ length: n }, (_, i) => i + 2)];
  let xr: string;
  if (geo.group === 1) xr = e.op('Transpose', [x], { perm });
  else {
    const sx = e.shape(x);
    const spatial = e.op('Slice', [sx, e.int64([2]), e.int64([2 + n])]);
    const split = e.op('Concat', [e.int64([0, geo.group, -1]), spatial], { axis: 0 });
    const x5 = e.op('Reshape', [x, split]);
    const xt = e.op('Transpose', [x5], { perm: [2, 1, 0, ...Array.from({ length: n }, (_, i) => i + 3)] });
    const merged = e.op('Concat', [e.op('Slice', [e.shape(xt), e.int64([0]), e.int64([1])]), e.int64([-1]), spatial], { axis: 0 });
    xr = e.op('Reshape', [xt, merged]);
  }
  const gt = e.op('Transpose', [g], { perm });
  let dw = e.op('Conv', [xr, gt], {
    strides: geo.dilations,
    dilations: geo.strides,
    pads: geo.pads,
    group: geo.group,
  });
  if (geo.strides.some((s) => s !== 1)) {
    const k = geo.kernel
      ? e.int64(geo.kernel)
      : e.op('Slice', [e.shape(kernelOf), e.int64([2]), e.int64([2 + n])]);
    dw = e.op('Slice', [dw, e.int64(new Array(n).fill(0)), k, e.int64(Array.from({ length: n }, (_, i) => i + 2))]);
  }
  return e.op('Transpose', [dw], { perm });
}

/** Sum over every axis but the channel axis (1). */
export function sumButChannel(e: Emitter, g: string, n: number): string {
  return e.op('ReduceSum', [g, e.int64([0, ...Array.from({ length: n }, (_, i) => i + 2)])], { keepdims: 0 });
}
