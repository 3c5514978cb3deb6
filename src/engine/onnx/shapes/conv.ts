/** Convolutions and pools: sliding windows over the spatial dims of N, C, spatial… tensors. */
import { TensorProto_DataType as DT, type NodeProto } from '../gen/onnx_pb';
import { attrInt, attrInts } from '../builder';
import { like, table } from './context';
import { checked } from './dimmath';
import { slidingDims, window } from './window';
import type { Dim, Shape, ShapeRule, ShapeRules } from './types';

function numericKernel(ws: Shape): number[] {
  return ws.slice(2).filter((d): d is number => typeof d === 'number');
}

function convShape(n: NodeProto, xs: Shape | undefined, ws: Shape | undefined): Shape | undefined {
  if (!xs || !ws || xs.length < 3 || ws.length !== xs.length) return undefined;
  const w = window(n, xs.length - 2, numericKernel(ws));
  if (!w) return undefined;
  const dims = slidingDims(xs, w, false);
  return dims && checked([xs[0], ws[0], ...dims]);
}

function convTransposeShape(n: NodeProto, xs: Shape | undefined, ws: Shape | undefined): Shape | undefined {
  if (!xs || !ws || xs.length < 3 || ws.length !== xs.length || typeof ws[1] !== 'number') return undefined;
  const spatial = xs.length - 2;
  const w = window(n, spatial, numericKernel(ws));
  if (!w) return undefined;
  const channels = ws[1] * attrInt(n, 'group', 1);
  const explicit = attrInts(n, 'output_shape');
  if (explicit && explicit.length === spatial) return checked([xs[0], channels, ...explicit]);
  const outPad = attrInts(n, 'output_padding') ?? w.kernel.map(() => 0);
  const dims: Dim[] = [];
  for (let i = 0; i < spatial; i++) {
    const d = xs[2 + i];
    if (typeof d !== 'number') return undefined;
    const s = w.strides[i]!;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') dims.push(d * s);
    else {
      const pads = w.autoPad === 'VALID' ? 0 : w.pads[i]! + w.pads[i + spatial]!;
      dims.push(s * (d - 1) + (outPad[i] ?? 0) + (w.kernel[i]! - 1) * w.dilations[i]! + 1 - pads);
    }
  }
  return checked([xs[0], channels, ...dims]);
}

function poolShape(n: NodeProto, xs: Shape | undefined): Shape | undefined {
  if (!xs || xs.length < 3) return undefined;
  const w = window(n, xs.length - 2, undefined);
  if (!w) return undefined;
  const dims = slidingDims(xs, w, attrInt(n, 'ceil_mode', 0) === 1);
  return dims && checked([xs[0], xs[1], ...dims]);
}

const conv: ShapeRule = (n, ctx) => [like(n, ctx, convShape(n, ctx.shape(n.input[0]), ctx.shape(n.input[1])))];
const convTranspose: ShapeRule = (n, ctx) => [like(n, ctx, convTransposeShape(n, ctx.shape(n.input[0]), ctx.shape(n.input[1])))];
const pool: ShapeRule = (n, ctx) => [like(n, ctx, poolShape(n, ctx.shape(n.input[0])))];
/** MaxPool's second output holds the argmax indices. */
const maxPool: ShapeRule = (n, ctx) => {
  const out = poolShape(n, ctx.shape(n.input[0]));
  return [like(n, ctx, out), like(n, ctx, out, DT.INT64)];
};
const globalPool: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  return [like(n, ctx, xs && xs.length >= 2 ? [xs[0]!, xs[1]!, ...xs.slice(2).map(() => 1)] : undefined)];
};

export const CONV_RULES: ShapeRules = {
  ...table(['Conv', 'ConvInteger'], conv),
  ConvTranspose: convTranspose,
  ...table(['AveragePool', 'LpPool'], pool),
  MaxPool: maxPool,
  ...table(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool'], globalPool),
};
