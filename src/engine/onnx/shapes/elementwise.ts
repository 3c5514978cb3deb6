/** Element-wise ops: unary ops keep their input's shape; binary and variadic ops broadcast theirs. */
import { TensorProto_DataType as DT, type NodeProto } from '../gen/onnx_pb';
import { attrInt } from '../builder';
import { like, table, typed, type ShapeContext } from './context';
import { broadcast } from './dimmath';
import { arithmeticValue, elementwiseValue, equalDims } from './values';
import type { Outputs, Shape, ShapeRule, ShapeRules } from './types';

const UNARY = [
  'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'Tanh', 'Elu', 'Selu', 'Celu', 'Gelu', 'Erf', 'Exp', 'Log', 'Abs', 'Neg', 'Sqrt',
  'Reciprocal', 'Clip', 'Identity', 'BatchNormalization', 'InstanceNormalization', 'LayerNormalization',
  'Softmax', 'LogSoftmax', 'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign', 'Floor', 'Ceil', 'Round', 'Sin', 'Cos',
  'Sign', 'LRN', 'ThresholdedRelu', 'Mish', 'MeanVarianceNormalization', 'Shrink', 'GroupNormalization', 'CumSum',
  'Trilu', 'LpNormalization',
];
const BROADCAST = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Mod', 'And', 'Or', 'Xor', 'BitShift'];
const COMPARE = ['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual'];
/** Unary ops whose output is boolean. */
const PREDICATES = ['Not', 'IsNaN', 'IsInf'];

/** The broadcast shape of the node's inputs (unknown if one is unknown) and, when all ranks are known, its rank. */
function broadcastInputs(n: NodeProto, ctx: ShapeContext): { shape: Shape | undefined; rank: number | undefined } {
  const inputs = n.input.filter((i) => i);
  const shapes = inputs.map((i) => ctx.shape(i));
  const ranks = inputs.map((i) => ctx.rank(i));
  const shape = shapes.every((s) => s) ? broadcast(shapes as Shape[]) : undefined;
  const rank = ranks.length > 0 && ranks.every((r) => r !== undefined) ? Math.max(...(ranks as number[])) : undefined;
  return { shape, rank };
}

const unary: ShapeRule = (n, ctx) => [like(n, ctx, ctx.shape(n.input[0]))];
const predicate: ShapeRule = (n, ctx) => [like(n, ctx, ctx.shape(n.input[0]), DT.BOOL)];

const binary: ShapeRule = (n, ctx) => {
  const { shape, rank } = broadcastInputs(n, ctx);
  if (['Add', 'Sub', 'Mul', 'Div'].includes(n.opType) && n.input.length === 2) arithmeticValue(n, ctx);
  return [typed(ctx.elemType(n.input[0]), shape, rank)];
};

const compare: ShapeRule = (n, ctx) => {
  const { shape, rank } = broadcastInputs(n, ctx);
  if (n.opType === 'Equal') elementwiseValue(n, ctx, equalDims);
  return [typed(DT.BOOL, shape, rank)];
};

const where: ShapeRule = (n, ctx) => {
  elementwiseValue(n, ctx, (c, a, b) => (typeof c === 'number' ? (c ? a : b) : undefined));
  const { shape, rank } = broadcastInputs(n, ctx);
  return [typed(ctx.elemType(n.input[1]), shape, rank)];
};

const cast: ShapeRule = (n, ctx) => {
  const to = attrInt(n, 'to', 0);
  const v = ctx.dims(n.input[0]);
  if (v) ctx.setValue(n.output[0], to === DT.INT64 || to === DT.INT32 ? v.map((d) => (typeof d === 'number' ? Math.trunc(d) : d)) : v);
  return [like(n, ctx, ctx.shape(n.input[0]), to)];
};

/** CastLike: the first input's shape, the second input's element type. */
const castLike: ShapeRule = (n, ctx) => [like(n, ctx, ctx.shape(n.input[0]), ctx.elemType(n.input[1]))];

/** Dropout: the output like its input; the mask has the input's rank. */
const dropout: ShapeRule = (n, ctx): Outputs => {
  const rank = ctx.rank(n.input[0]);
  return [like(n, ctx, ctx.shape(n.input[0])), ...(n.output.length > 1 && rank !== undefined ? [{ rank }] : [])];
};

export const ELEMENTWISE_RULES: ShapeRules = {
  ...table(UNARY, unary),
  ...table(PREDICATES, predicate),
  ...table(BROADCAST, binary),
  ...table(COMPARE, compare),
  Where: where,
  Cast: cast,
  CastLike: castLike,
  Dropout: dropout,
};
