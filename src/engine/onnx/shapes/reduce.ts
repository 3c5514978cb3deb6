/** Reductions (Reduce*, ArgMax, ArgMin): the reduced axes become 1 (keepdims) or disappear. */
import { TensorProto_DataType as DT } from '../gen/onnx_pb';
import { attrInt, attrInts } from '../builder';
import { like, table, typed } from './context';
import { normAxis } from './dimmath';
import type { ShapeRule, ShapeRules } from './types';

const REDUCE = ['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceSumSquare', 'ReduceLogSumExp', 'ReduceLogSum'];

const reduce: ShapeRule = (n, ctx) => {
  const argmax = n.opType === 'ArgMax' || n.opType === 'ArgMin';
  const elemType = argmax ? DT.INT64 : ctx.elemType(n.input[0]);
  const xs = ctx.shape(n.input[0]);
  const rank = ctx.rank(n.input[0]);
  const keep = attrInt(n, 'keepdims', 1) === 1;
  let axes: number[] | undefined = argmax ? [attrInt(n, 'axis', 0)] : attrInts(n, 'axes') ?? (n.input[1] ? ctx.value(n.input[1]) : undefined);
  if (!axes && !n.input[1] && rank !== undefined) axes = attrInt(n, 'noop_with_empty_axes', 0) ? [] : Array.from({ length: rank }, (_, i) => i);
  if (rank === undefined || !axes) return [typed(elemType, undefined, keep ? rank : undefined)];
  const set = new Set(axes.map((a) => normAxis(a, rank)));
  if (!xs) return [typed(elemType, undefined, keep ? rank : rank - set.size)];
  const shape = keep ? xs.map((d, i) => (set.has(i) ? 1 : d)) : xs.filter((_, i) => !set.has(i));
  return [like(n, ctx, shape, elemType)];
};

export const REDUCE_RULES: ShapeRules = table([...REDUCE, 'ArgMax', 'ArgMin'], reduce);
