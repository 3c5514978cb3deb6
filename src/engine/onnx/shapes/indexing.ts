/** Ops that select or join parts of tensors: Concat, Split, Slice, Gather, GatherElements, Pad. */
import { attrInt, attrInts } from '../builder';
import { numel } from '../tensor';
import { sliceValues } from './shape-values';
import { like, typed } from './context';
import { addDim, checked, isStatic, normAxis } from './dimmath';
import type { Dim, Outputs, Shape, ShapeRule, ShapeRules } from './types';

const concat: ShapeRule = (n, ctx) => {
  const unknown = [like(n, ctx, undefined)];
  const shapes = n.input.map((i) => ctx.shape(i));
  if (shapes.length === 0 || !shapes.every((s) => s)) return unknown;
  const all = shapes as Shape[];
  const rank = all[0]!.length;
  const axis = normAxis(attrInt(n, 'axis', 0), rank);
  if (axis < 0 || axis >= rank || all.some((s) => s.length !== rank)) return unknown;
  const values = n.input.map((i) => ctx.dims(i));
  if (rank === 1 && values.every((v) => v)) ctx.setValue(n.output[0], values.flatMap((v) => v!));
  let sum: Dim | undefined = 0;
  for (const s of all) sum = typeof sum === 'number' && typeof s[axis] === 'number' ? sum + s[axis] : undefined;
  if (sum === undefined) return unknown;
  const out: Dim[] = [...all[0]!];
  out[axis] = sum;
  return [like(n, ctx, out)];
};

const split: ShapeRule = (n, ctx): Outputs => {
  const xs = ctx.shape(n.input[0]);
  const unknown = (): Outputs => n.output.map(() => like(n, ctx, undefined));
  if (!xs) return unknown();
  const axis = normAxis(attrInt(n, 'axis', 0), xs.length);
  const d = xs[axis];
  let parts = (n.input[1] ? ctx.value(n.input[1]) : undefined) ?? attrInts(n, 'split');
  if (!parts && typeof d === 'number') {
    const k = n.output.length;
    const each = Math.ceil(d / k);
    parts = Array.from({ length: k }, (_, i) => Math.max(0, Math.min(each, d - i * each)));
  }
  if (!parts || parts.length !== n.output.length) return unknown();
  return parts.map((p) => like(n, ctx, xs.map((dim, i) => (i === axis ? p : dim))));
};

const slice: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  const unknown = [like(n, ctx, undefined)];
  if (!xs) return unknown;
  const starts = n.input.length > 1 ? ctx.value(n.input[1]) : attrInts(n, 'starts');
  const ends = n.input.length > 1 ? ctx.value(n.input[2]) : attrInts(n, 'ends');
  if (!starts || !ends || starts.length !== ends.length) return unknown;
  const axes = (n.input.length > 3 && n.input[3] ? ctx.value(n.input[3]) : attrInts(n, 'axes')) ?? starts.map((_, i) => i);
  const steps = (n.input.length > 4 && n.input[4] ? ctx.value(n.input[4]) : undefined) ?? starts.map(() => 1);
  if (axes.length < starts.length || steps.length < starts.length) return unknown;
  const out: (Dim | undefined)[] = [...xs];
  const first = xs.map(() => 0);
  const stride = xs.map(() => 1);
  for (let i = 0; i < starts.length; i++) {
    const a = normAxis(axes[i]!, xs.length);
    const d = xs[a];
    const step = steps[i]!;
    if (typeof d !== 'number' || step === 0 || a < 0 || a >= xs.length) return unknown;
    const lo = step > 0 ? 0 : -1;
    const hi = step > 0 ? d : d - 1;
    const clamp = (p: number): number => Math.min(Math.max(p < 0 ? p + d : p, lo), hi);
    const s = clamp(starts[i]!);
    const e = clamp(ends[i]!);
    out[a] = Math.max(0, Math.ceil((e - s) / step));
    first[a] = s;
    stride[a] = step;
  }
  const v = ctx.dims(n.input[0]);
  const shape = checked(out);
  if (v && shape && isStatic(xs) && isStatic(shape) && v.length === numel(xs)) ctx.setValue(n.output[0], sliceValues(v, xs, shape, first, stride));
  return [like(n, ctx, shape)];
};

const gather: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  const is = ctx.shape(n.input[1]);
  const rx = ctx.rank(n.input[0]);
  const ri = ctx.rank(n.input[1]);
  const unknown = [typed(ctx.elemType(n.input[0]), undefined, rx !== undefined && ri !== undefined ? rx - 1 + ri : undefined)];
  if (!xs || !is) return unknown;
  const axis = normAxis(attrInt(n, 'axis', 0), xs.length);
  if (axis < 0 || axis >= xs.length) return unknown;
  const data = ctx.dims(n.input[0]);
  const idx = ctx.value(n.input[1]);
  if (data && idx && xs.length === 1 && idx.every((i) => i >= -data.length && i < data.length)) {
    ctx.setValue(n.output[0], idx.map((i) => data[i < 0 ? i + data.length : i]!));
  }
  return [like(n, ctx, [...xs.slice(0, axis), ...is, ...xs.slice(axis + 1)])];
};

/** GatherElements: the indices' shape, the data's element type (and rank). */
const gatherElements: ShapeRule = (n, ctx) => [typed(ctx.elemType(n.input[0]), ctx.shape(n.input[1]), ctx.rank(n.input[0]))];

const pad: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  const pads = ctx.value(n.input[1]) ?? attrInts(n, 'pads');
  if (!xs || !pads || pads.length !== 2 * xs.length) return [like(n, ctx, undefined)];
  return [like(n, ctx, checked(xs.map((d, i) => addDim(d, pads[i]! + pads[i + xs.length]!))))];
};

export const INDEXING_RULES: ShapeRules = { Concat: concat, Split: split, Slice: slice, Gather: gather, GatherElements: gatherElements, Pad: pad };
