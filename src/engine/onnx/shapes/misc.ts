/** Constants and shape queries: Constant, ConstantOfShape, Shape, Size, NonZero. */
import { AttributeProto_AttributeType as AT, TensorProto_DataType as DT, type NodeProto } from '../gen/onnx_pb';
import { attrInt, getAttr } from '../builder';
import { numel } from '../tensor';
import { like, type ShapeContext } from './context';
import { MAX_VALUE_ELEMENTS, smallValues } from './values';
import type { Dim, Inferred, ShapeRule, ShapeRules } from './types';

function constantType(n: NodeProto, ctx: ShapeContext): Inferred | undefined {
  const a = n.attribute[0];
  const out = n.output[0];
  if (!a || !out) return undefined;
  if (a.type === AT.TENSOR && a.t) {
    if (a.name === 'value') ctx.consts.set(out, a.t);
    const v = smallValues(a.t);
    if (v) ctx.setValue(out, v);
    return { elemType: a.t.dataType, shape: a.t.dims.map(Number) };
  }
  if (a.name === 'value_int') {
    ctx.setValue(out, [Number(a.i)]);
    return { elemType: DT.INT64, shape: [] };
  }
  if (a.name === 'value_ints') {
    ctx.setValue(out, a.ints.map(Number));
    return { elemType: DT.INT64, shape: [a.ints.length] };
  }
  if (a.name === 'value_float') {
    ctx.setValue(out, [a.f]);
    return { elemType: DT.FLOAT, shape: [] };
  }
  if (a.name === 'value_floats') {
    ctx.setValue(out, [...a.floats]);
    return { elemType: DT.FLOAT, shape: [a.floats.length] };
  }
  return undefined; // sparse or string constants: not followed
}

const constant: ShapeRule = (n, ctx) => [constantType(n, ctx)];

const constantOfShape: ShapeRule = (n, ctx) => {
  const dims = ctx.dims(n.input[0]);
  const v = getAttr(n, 'value');
  const fill = v?.t ? smallValues(v.t)?.[0] : 0;
  const count = dims && dims.every((d) => typeof d === 'number') ? numel(dims as number[]) : undefined;
  // A count that is negative or fractional is no shape: the value stays unknown (the shape is rejected as invalid).
  const countable = count !== undefined && Number.isInteger(count) && count >= 0 && count <= MAX_VALUE_ELEMENTS;
  if (fill !== undefined && countable) ctx.setValue(n.output[0], new Array<Dim>(count).fill(fill));
  const elemType = v?.t?.dataType ?? DT.FLOAT;
  if (dims) return [{ elemType, shape: dims }];
  const ss = ctx.shape(n.input[0]);
  return [ss?.length === 1 && typeof ss[0] === 'number' ? { elemType, shape: null, rank: ss[0] } : { elemType, shape: null }];
};

const shapeOf: ShapeRule = (n, ctx) => {
  const xs = ctx.shape(n.input[0]);
  if (!xs) return [{ elemType: DT.INT64, shape: null, rank: 1 }];
  const rank = xs.length;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const start = clamp(attrInt(n, 'start', 0));
  const end = clamp(attrInt(n, 'end', rank));
  const dims = xs.slice(start, Math.max(start, end));
  ctx.setValue(n.output[0], dims);
  return [{ elemType: DT.INT64, shape: [dims.length] }];
};

const size: ShapeRule = (n, ctx) => [like(n, ctx, [], DT.INT64)];

/** NonZero: int64 indices of shape [rank, count]; the count is only known by running. */
const nonZero: ShapeRule = () => [{ elemType: DT.INT64, shape: null, rank: 2 }];

export const MISC_RULES: ShapeRules = { Constant: constant, ConstantOfShape: constantOfShape, Shape: shapeOf, Size: size, NonZero: nonZero };
