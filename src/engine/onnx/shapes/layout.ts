/** Ops that rearrange a tensor's elements: Reshape, Flatten, Transpose, Squeeze/Unsqueeze, Expand, Tile, DepthToSpace. */
import { attrInt, attrInts } from '../builder';
import type { NodeProto } from '../gen/onnx_pb';
import { numel } from '../tensor';
import { transposeValues } from './shape-values';
import { like, table, typed, type ShapeContext } from './context';
import { broadcast, checked, isStatic, normAxis, product, tileDim } from './dimmath';
import type { Dim, Shape, ShapeRule, ShapeRules } from './types';

function reshapeShape(xs: Shape | undefined, target: Dim[] | undefined, allowZero: boolean): Shape | undefined {
  if (!target) return undefined;
  const out: (Dim | undefined)[] = target.map((t, i) => (t === 0 && !allowZero ? xs?.[i] : t));
  const unknownAt = out.indexOf(-1);
  if (unknownAt >= 0) {
    if (!xs) return undefined;
    const known = out.filter((_, i) => i !== unknownAt) as Dim[];
    const inSym = xs.filter((d) => typeof d === 'string');
    const outSym = known.filter((d) => typeof d === 'string');
    const inNum = (xs.filter((d) => typeof d === 'number') as number[]).reduce((p, q) => p * q, 1);
    const outNum = (known.filter((d) => typeof d === 'number') as number[]).reduce((p, q) => p * q, 1);
    if (outNum === 0) return undefined;
    const rest = inSym.filter((s) => !outSym.includes(s));
    if (inSym.length - rest.length !== outSym.length) return undefined;
    if (rest.length === 0) out[unknownAt] = inNum / outNum;
    else if (rest.length === 1 && inNum === outNum) out[unknownAt] = rest[0];
    else return undefined;
  }
  return checked(out);
}

const reshape: ShapeRule = (n, ctx) => {
  const v = ctx.dims(n.input[0]);
  if (v) ctx.setValue(n.output[0], v); // row-major order is unchanged
  const target = ctx.dims(n.input[1]);
  return [typed(ctx.elemType(n.input[0]), reshapeShape(ctx.shape(n.input[0]), target, attrInt(n, 'allowzero', 0) === 1), target?.length ?? targetRank(n, ctx))];
};

/** The rank a Reshape's target asks for when its values are unknown: the length of the 1-D target. */
function targetRank(n: NodeProto, ctx: ShapeContext): number | undefined {
  const ts = ctx.shape(n.input[1]);
  return ts && ts.length === 1 && typeof ts[0] === 'number' ? ts[0] : undefined;
}

const flatten: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  if (!xs) return [typed(ctx.elemType(n.input[0]), undefined, 2)];
  const axis = normAxis(attrInt(n, 'axis', 1), xs.length);
  if (axis < 0 || axis > xs.length) return [typed(ctx.elemType(n.input[0]), undefined, 2)];
  return [typed(ctx.elemType(n.input[0]), checked([product(xs.slice(0, axis)), product(xs.slice(axis))]), 2)];
};

const transpose: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  if (!xs) return [like(n, ctx, undefined)];
  const perm = attrInts(n, 'perm') ?? xs.map((_, i) => xs.length - 1 - i);
  if (perm.length !== xs.length || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= xs.length)) return [like(n, ctx, undefined)];
  const v = ctx.dims(n.input[0]);
  if (v && isStatic(xs) && v.length === numel(xs)) ctx.setValue(n.output[0], transposeValues(v, xs, perm));
  return [like(n, ctx, perm.map((p) => xs[p]!))];
};

function squeezeShape(n: NodeProto, xs: Shape, axes: number[] | undefined): Shape | undefined {
  if (n.opType === 'Squeeze') {
    if (!axes) return xs.every((d) => typeof d === 'number') ? xs.filter((d) => d !== 1) : undefined;
    const drop = new Set(axes.map((a) => normAxis(a, xs.length)));
    return xs.filter((_, i) => !drop.has(i));
  }
  if (!axes) return undefined;
  const rank = xs.length + axes.length;
  const insert = new Set(axes.map((a) => normAxis(a, rank)));
  const out: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(insert.has(i) ? 1 : xs[j++]!);
  return j === xs.length ? out : undefined;
}

const squeeze: ShapeRule = (n, ctx) => {
  const axes = n.input[1] ? ctx.value(n.input[1]) : attrInts(n, 'axes');
  const v = ctx.dims(n.input[0]);
  if (v) ctx.setValue(n.output[0], v);
  const xs = ctx.shape(n.input[0]);
  const rx = ctx.rank(n.input[0]);
  const rank = rx !== undefined && axes ? rx + (n.opType === 'Unsqueeze' ? axes.length : -axes.length) : undefined;
  return [typed(ctx.elemType(n.input[0]), xs && squeezeShape(n, xs, axes), rank)];
};

const expand: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  const target = ctx.dims(n.input[1]);
  const shape = xs && target ? broadcast([xs, target]) : undefined;
  return [shape ? like(n, ctx, shape) : { elemType: ctx.elemType(n.input[0]), shape: null }];
};

const tile: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  const reps = ctx.dims(n.input[1]);
  return [like(n, ctx, xs && reps && reps.length === xs.length ? checked(xs.map((d, i) => tileDim(d, reps[i]!))) : undefined)];
};

const depthToSpace: ShapeRule = (n, ctx) => {
  const b = attrInt(n, 'blocksize', 1);
  const xs = ctx.shape(n.input[0]);
  if (!xs || xs.length !== 4 || xs.slice(1).some((d) => typeof d !== 'number')) return [typed(ctx.elemType(n.input[0]), undefined, 4)];
  const [N, C, H, W] = xs as [Dim, number, number, number];
  return [typed(ctx.elemType(n.input[0]), checked(n.opType === 'DepthToSpace' ? [N, C / (b * b), H * b, W * b] : [N, C * b * b, H / b, W / b]), 4)];
};

export const LAYOUT_RULES: ShapeRules = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  ...table(['Squeeze', 'Unsqueeze'], squeeze),
  Expand: expand,
  Tile: tile,
  ...table(['DepthToSpace', 'SpaceToDepth'], depthToSpace),
};
