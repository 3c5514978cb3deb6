/** Resize and Upsample: spatial sizes from `sizes`, or from `scales` (floored). */
import { attrInts, getAttr } from '../builder';
import type { NodeProto } from '../gen/onnx_pb';
import { like, table, type ShapeContext } from './context';
import { checked, normAxis } from './dimmath';
import type { Dim, Shape, ShapeRule, ShapeRules } from './types';

function resizeShape(n: NodeProto, xs: Shape | undefined, ctx: ShapeContext): Shape | undefined {
  if (!xs) return undefined;
  let scales: number[] | undefined;
  let sizes: number[] | undefined;
  if (n.opType === 'Upsample') scales = ctx.value(n.input[1]) ?? getAttr(n, 'scales')?.floats;
  else if (n.input.length === 2) scales = ctx.value(n.input[1]); // opset 10
  else {
    scales = ctx.value(n.input[2]);
    sizes = ctx.value(n.input[3]);
    if (scales && scales.length === 0) scales = undefined;
  }
  const axes = attrInts(n, 'axes');
  if (axes?.some((a) => normAxis(a, xs.length) < 0 || normAxis(a, xs.length) >= xs.length)) return undefined;
  if (sizes && sizes.length > 0) {
    const out: Dim[] = [...xs];
    const ax = axes ?? xs.map((_, i) => i);
    if (ax.length !== sizes.length) return undefined;
    ax.forEach((a, i) => (out[normAxis(a, xs.length)] = sizes[i]!));
    return checked(out);
  }
  if (!scales) return undefined;
  const ax = axes ?? xs.map((_, i) => i);
  if (ax.length !== scales.length) return undefined;
  const out: (Dim | undefined)[] = [...xs];
  ax.forEach((a, i) => {
    const k = normAxis(a, xs.length);
    const d = xs[k];
    const s = scales[i]!;
    out[k] = s === 1 ? d : typeof d === 'number' ? Math.floor(d * s) : undefined;
  });
  return checked(out);
}

const resize: ShapeRule = (n, ctx) => [like(n, ctx, resizeShape(n, ctx.shape(n.input[0]), ctx))];

export const RESIZE_RULES: ShapeRules = table(['Resize', 'Upsample'], resize);
