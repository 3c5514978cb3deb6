/**
 * What is known about each tensor before running: element type, rank and constant values. Taken from the graph's
 * declarations (inputs, outputs, value_info, initializers, Constant nodes) and propagated through common ops.
 * Unknown stays unknown; rules fall back to in-graph (dynamic) shape computations.
 */
import type { GraphProto, NodeProto, TensorProto, ValueInfoProto } from '../onnx/gen/onnx_pb';
import { onnxToDType, type NumericDType } from '../onnx/dtype';
import { tensorFromProto } from '../onnx/tensor';
import { attrInt, attrInts, getAttr } from '../onnx/builder';

export interface StaticInfo {
  dtype: Map<string, NumericDType>;
  rank: Map<string, number>;
  consts: Map<string, TensorProto>;
}

function declare(info: StaticInfo, v: ValueInfoProto): void {
  if (v.type?.value.case !== 'tensorType') return;
  const tt = v.type.value.value;
  const dt = onnxToDType(tt.elemType);
  if (dt) info.dtype.set(v.name, dt);
  if (tt.shape) info.rank.set(v.name, tt.shape.dim.length);
}

const BOOL_OPS = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);
const INT64_OPS = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin']);
const SAME_RANK = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'Tanh', 'Softplus', 'Elu', 'Erf', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Neg',
  'Abs', 'Clip', 'Softmax', 'LogSoftmax', 'Identity', 'Dropout', 'Cast', 'CastLike', 'Conv', 'ConvTranspose',
  'BatchNormalization', 'InstanceNormalization', 'LayerNormalization', 'MaxPool', 'AveragePool', 'GlobalAveragePool',
  'GlobalMaxPool', 'Resize', 'Pad', 'Slice', 'Transpose', 'Sign', 'Floor', 'Ceil', 'Round', 'Sin', 'Cos', 'HardSigmoid',
  'HardSwish', 'Selu', 'Celu', 'GatherElements', 'Tile', 'Upsample', 'LpNormalization', 'Mish', 'Softsign',
]);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Where', 'Min', 'Max', 'Sum', 'Mean', 'Equal', 'Less', 'Greater', 'And', 'Or']);

export function staticInfo(g: GraphProto): StaticInfo {
  const info: StaticInfo = { dtype: new Map(), rank: new Map(), consts: new Map() };
  for (const v of [...g.input, ...g.output, ...g.valueInfo]) declare(info, v);
  for (const t of g.initializer) {
    const dt = onnxToDType(t.dataType);
    if (dt) info.dtype.set(t.name, dt);
    info.rank.set(t.name, t.dims.length);
    info.consts.set(t.name, t);
  }
  for (const n of g.node) propagate(info, n);
  return info;
}

function propagate(info: StaticInfo, n: NodeProto): void {
  const out = n.output[0];
  if (!out) return;
  const x = n.input[0] ?? '';
  const setD = (name: string, d: NumericDType | undefined): void => {
    if (d && name && !info.dtype.has(name)) info.dtype.set(name, d);
  };
  const setR = (name: string, r: number | undefined): void => {
    if (r !== undefined && name && !info.rank.has(name)) info.rank.set(name, r);
  };
  const rank = (name: string | undefined): number | undefined => (name ? info.rank.get(name) : undefined);
  const op = n.opType;
  if (op === 'Constant') {
    const t = getAttr(n, 'value')?.t;
    if (t) {
      info.consts.set(out, t);
      setD(out, onnxToDType(t.dataType));
      setR(out, t.dims.length);
    }
    return;
  }
  // Element type.
  if (BOOL_OPS.has(op)) setD(out, 'bool');
  else if (INT64_OPS.has(op)) setD(out, 'int64');
  else if (op === 'Cast') setD(out, onnxToDType(attrInt(n, 'to', 1)));
  else if (op === 'CastLike') setD(out, info.dtype.get(n.input[1] ?? ''));
  else if (op === 'Where') setD(out, info.dtype.get(n.input[1] ?? ''));
  else if (op === 'ConstantOfShape') setD(out, onnxToDType(getAttr(n, 'value')?.t?.dataType ?? 1));
  else setD(out, info.dtype.get(x));
  if (op === 'MaxPool' && n.output[1]) setD(n.output[1], 'int64');
  for (const o of n.output.slice(1)) if (op === 'Split') setD(o, info.dtype.get(x));

  // Rank.
  const rx = rank(x);
  if (SAME_RANK.has(op)) setR(out, rx);
  else if (BROADCAST.has(op)) {
    const rs = n.input.filter((i) => i).map((i) => rank(i));
    if (rs.every((r) => r !== undefined)) setR(out, Math.max(...(rs as number[])));
  } else if (op === 'Shape') setR(out, 1);
  else if (op === 'Size') setR(out, 0);
  else if (op === 'Flatten' || op === 'Gemm') setR(out, 2);
  else if (op === 'MatMul') {
    const ra = rx, rb = rank(n.input[1]);
    if (ra !== undefined && rb !== undefined) setR(out, Math.max(ra, rb, 2) - (ra === 1 ? 1 : 0) - (rb === 1 ? 1 : 0));
  } else if (op === 'Reshape') {
    const s = info.consts.get(n.input[1] ?? '');
    if (s) setR(out, Number(s.dims[0] ?? 0));
  } else if (op === 'Concat' || op === 'Split' || op === 'Expand') {
    for (const o of n.output) setR(o, op === 'Expand' ? undefined : rx);
  } else if (op === 'Unsqueeze' || op === 'Squeeze') {
    const axes = attrInts(n, 'axes') ?? constInts(info, n.input[1]);
    if (rx !== undefined && axes) setR(out, rx + (op === 'Unsqueeze' ? axes.length : -axes.length));
  } else if (op.startsWith('Reduce')) {
    const keep = attrInt(n, 'keepdims', 1);
    const axes = attrInts(n, 'axes') ?? constInts(info, n.input[1]);
    if (rx !== undefined) setR(out, keep ? rx : axes ? rx - axes.length : 0);
  } else if (op === 'Gather') {
    const ri = rank(n.input[1]);
    if (rx !== undefined && ri !== undefined) setR(out, rx - 1 + ri);
  }
  if (op === 'Split' || op === 'Dropout' || op === 'MaxPool') for (const o of n.output.slice(1)) setR(o, rx);
}

function constInts(info: StaticInfo, name: string | undefined): number[] | undefined {
  const v = constNumbers(info, name);
  return v;
}

export function constNumbers(info: StaticInfo, name: string | undefined): number[] | undefined {
  if (!name) return undefined;
  const t = info.consts.get(name);
  if (!t) return undefined;
  try {
    const h = tensorFromProto(t);
    return Array.from(h.data as ArrayLike<number | bigint>, Number);
  } catch {
    return undefined;
  }
}
