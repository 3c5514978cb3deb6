/**
 * Static type and shape inference for the ops vision networks use. Unknown ops (or unknown inputs) leave their
 * outputs without a shape; the analysis then asks onnxruntime in one probing run. Small integer tensors
 * (shapes, axes, scales) are propagated as values so that Reshape/Resize/Slice targets built from Shape ops resolve.
 */
import { AttributeProto_AttributeType as AT, TensorProto_DataType as DT, type GraphProto, type NodeProto, type TensorProto, type ValueInfoProto } from './gen/onnx_pb';
import { attrInt, attrInts, attrString, getAttr } from './builder';
import { numel, tensorFromProto } from './tensor';

/** A dimension: a number, or a symbolic name such as "batch". */
export type Dim = number | string;
export type Shape = Dim[];

export interface TensorType {
  /** ONNX element type (TensorProto.DataType); 0 when unknown. */
  elemType: number;
  shape: Shape | null;
}

/** Only tensors up to this many elements are propagated as values. */
const MAX_VALUE_ELEMENTS = 64;

export interface InferOptions {
  /** Shapes that replace those of graph inputs (e.g. the image input at a chosen size). */
  inputShapes?: ReadonlyMap<string, Shape>;
  /** Fill gaps from the model's value_info (only valid when input shapes were not changed). */
  useValueInfo?: boolean;
}

export function shapeFromValueInfo(v: ValueInfoProto): TensorType | undefined {
  if (v.type?.value.case !== 'tensorType') return undefined;
  const t = v.type.value.value;
  const shape = t.shape ? t.shape.dim.map((d, i): Dim => (d.value.case === 'dimValue' ? Number(d.value.value) : d.value.case === 'dimParam' && d.value.value ? d.value.value : `${v.name}:${i}`)) : null;
  return { elemType: t.elemType, shape };
}

export function isStatic(shape: Shape | null | undefined): shape is number[] {
  return !!shape && shape.every((d) => typeof d === 'number' && d >= 0);
}

class Context {
  readonly types = new Map<string, TensorType>();
  readonly values = new Map<string, number[]>();

  type(name: string): TensorType | undefined {
    return name ? this.types.get(name) : undefined;
  }
  shape(name: string): Shape | undefined {
    return this.type(name)?.shape ?? undefined;
  }
  value(name: string): number[] | undefined {
    return name ? this.values.get(name) : undefined;
  }
}

/** Infers element type and shape of every tensor of the main graph that it can. */
export function inferShapes(graph: GraphProto, options: InferOptions = {}): Map<string, TensorType> {
  const ctx = new Context();
  for (const init of graph.initializer) {
    ctx.types.set(init.name, { elemType: init.dataType, shape: init.dims.map(Number) });
    const v = smallValues(init);
    if (v) ctx.values.set(init.name, v);
  }
  for (const input of graph.input) {
    if (ctx.types.has(input.name)) continue;
    const t = shapeFromValueInfo(input);
    const override = options.inputShapes?.get(input.name);
    if (t) ctx.types.set(input.name, { elemType: t.elemType, shape: override ? [...override] : t.shape });
    else if (override) ctx.types.set(input.name, { elemType: 0, shape: [...override] });
  }
  const declared = new Map<string, TensorType>();
  if (options.useValueInfo) {
    for (const v of [...graph.valueInfo, ...graph.output]) {
      const t = shapeFromValueInfo(v);
      if (t) declared.set(v.name, t);
    }
  }
  for (const n of graph.node) {
    let outs: (TensorType | undefined)[] = [];
    try {
      outs = inferNode(n, ctx);
    } catch {
      outs = []; // malformed attributes: leave the outputs unknown, the probe or the runtime will say more
    }
    n.output.forEach((name, k) => {
      if (!name) return;
      const t = outs[k];
      const d = declared.get(name);
      if (t && t.shape && !t.shape.some((x) => typeof x === 'number' && (!Number.isFinite(x) || x < 0))) ctx.types.set(name, t);
      else if (d && (d.shape || !t)) ctx.types.set(name, { elemType: d.elemType || t?.elemType || 0, shape: d.shape });
      else if (t) ctx.types.set(name, { elemType: t.elemType, shape: null });
    });
  }
  return ctx.types;
}

function smallValues(t: TensorProto): number[] | undefined {
  const dims = t.dims.map(Number);
  if (numel(dims) > MAX_VALUE_ELEMENTS) return undefined;
  if (![DT.INT64, DT.INT32, DT.FLOAT, DT.DOUBLE].includes(t.dataType)) return undefined;
  try {
    return Array.from(tensorFromProto(t).data as ArrayLike<number | bigint>, Number);
  } catch {
    return undefined;
  }
}

const UNARY = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'Tanh', 'Elu', 'Selu', 'Celu', 'Gelu', 'Erf', 'Exp', 'Log', 'Abs', 'Neg', 'Sqrt',
  'Reciprocal', 'Clip', 'Identity', 'Dropout', 'BatchNormalization', 'InstanceNormalization', 'LayerNormalization',
  'Softmax', 'LogSoftmax', 'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign', 'Floor', 'Ceil', 'Round', 'Sin', 'Cos',
  'Sign', 'Not', 'LRN', 'ThresholdedRelu', 'Mish', 'IsNaN', 'IsInf', 'MeanVarianceNormalization', 'Shrink',
  'GroupNormalization', 'CumSum', 'Trilu',
]);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Mod', 'And', 'Or', 'Xor', 'BitShift']);
const COMPARE = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual']);
const POOLS = new Set(['MaxPool', 'AveragePool', 'LpPool']);
const GLOBAL_POOLS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool']);
const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceSumSquare', 'ReduceLogSumExp', 'ReduceLogSum']);

function inferNode(n: NodeProto, ctx: Context): (TensorType | undefined)[] {
  const op = n.opType;
  const x = ctx.type(n.input[0] ?? '');
  const xs = x?.shape ?? undefined;
  const et = x?.elemType ?? 0;
  const same = (shape: Shape | undefined, elemType = et): TensorType => ({ elemType, shape: shape ?? null });
  if (n.domain !== '' && n.domain !== 'ai.onnx') return n.output.map(() => (et ? { elemType: et, shape: null } : undefined));

  if (op === 'Constant') return [constantType(n, ctx)];
  if (UNARY.has(op)) return [same(xs)];
  if (op === 'Cast') {
    const to = attrInt(n, 'to', 0);
    const v = ctx.value(n.input[0]!);
    if (v) ctx.values.set(n.output[0]!, to === DT.INT64 || to === DT.INT32 ? v.map(Math.trunc) : v);
    return [same(xs, to)];
  }
  if (BROADCAST.has(op) || COMPARE.has(op)) {
    const shapes = n.input.map((i) => ctx.shape(i));
    const out = shapes.every((s) => s) ? broadcast(shapes as Shape[]) : undefined;
    if (['Add', 'Sub', 'Mul', 'Div'].includes(op) && n.input.length === 2) arithmeticValue(n, ctx);
    return [same(out, COMPARE.has(op) ? DT.BOOL : et)];
  }
  if (op === 'Where') {
    const shapes = n.input.map((i) => ctx.shape(i));
    const out = shapes.every((s) => s) ? broadcast(shapes as Shape[]) : undefined;
    return [same(out, ctx.type(n.input[1]!)?.elemType ?? 0)];
  }
  if (op === 'Conv' || op === 'ConvInteger') return [same(convShape(n, xs, ctx.shape(n.input[1]!)))];
  if (op === 'ConvTranspose') return [same(convTransposeShape(n, xs, ctx.shape(n.input[1]!)))];
  if (POOLS.has(op)) {
    const out = poolShape(n, xs);
    return op === 'MaxPool' ? [same(out), same(out, DT.INT64)] : [same(out)];
  }
  if (GLOBAL_POOLS.has(op)) return [same(xs && xs.length >= 2 ? [xs[0]!, xs[1]!, ...xs.slice(2).map(() => 1)] : undefined)];
  if (op === 'Flatten') return [same(xs && flattenShape(xs, attrInt(n, 'axis', 1)))];
  if (op === 'Gemm') return [same(gemmShape(n, xs, ctx.shape(n.input[1]!)))];
  if (op === 'MatMul') return [same(matmulShape(xs, ctx.shape(n.input[1]!)))];
  if (op === 'Reshape') return [same(reshapeShape(xs, ctx.value(n.input[1]!), attrInt(n, 'allowzero', 0) === 1))];
  if (op === 'Transpose') {
    if (!xs) return [same(undefined)];
    const perm = attrInts(n, 'perm') ?? xs.map((_, i) => xs.length - 1 - i);
    return [same(perm.length === xs.length ? perm.map((p) => xs[p]!) : undefined)];
  }
  if (op === 'Concat') return [same(concatShape(n, ctx))];
  if (op === 'Unsqueeze' || op === 'Squeeze') return [same(squeezeShape(n, ctx))];
  if (op === 'Resize' || op === 'Upsample') return [same(resizeShape(n, xs, ctx))];
  if (op === 'Pad') {
    const pads = ctx.value(n.input[1] ?? '') ?? attrInts(n, 'pads');
    if (!xs || !pads || pads.length !== 2 * xs.length) return [same(undefined)];
    return [same(checked(xs.map((d, i) => addDim(d, pads[i]! + pads[i + xs.length]!))))];
  }
  if (op === 'Shape') return [shapeOp(n, xs, ctx)];
  if (op === 'Size') return [same([], DT.INT64)];
  if (op === 'Gather') return [gatherOp(n, x, ctx)];
  if (op === 'Slice') return [same(sliceShape(n, xs, ctx))];
  if (op === 'ConstantOfShape') {
    const dims = ctx.value(n.input[0]!);
    const v = getAttr(n, 'value');
    const fill = v?.t ? smallValues(v.t)?.[0] : 0;
    // Small filled tensors (e.g. the ones of an Expand target) propagate as values.
    if (dims && fill !== undefined && numel(dims) <= MAX_VALUE_ELEMENTS) ctx.values.set(n.output[0]!, new Array<number>(numel(dims)).fill(fill));
    return [{ elemType: v?.t?.dataType ?? DT.FLOAT, shape: dims ?? null }];
  }
  if (op === 'Expand') {
    const target = ctx.value(n.input[1]!);
    return [same(xs && target ? broadcast([xs, target]) : undefined)];
  }
  if (op === 'Tile') {
    const reps = ctx.value(n.input[1]!);
    return [same(xs && reps && reps.length === xs.length ? xs.map((d, i) => mulDim(d, reps[i]!)) : undefined)];
  }
  if (REDUCE.has(op) || op === 'ArgMax' || op === 'ArgMin') return [reduceOp(n, x, ctx)];
  if (op === 'DepthToSpace' || op === 'SpaceToDepth') {
    const b = attrInt(n, 'blocksize', 1);
    if (!xs || xs.length !== 4 || xs.slice(1).some((d) => typeof d !== 'number')) return [same(undefined)];
    const [N, C, H, W] = xs as [Dim, number, number, number];
    return [same(op === 'DepthToSpace' ? [N, C / (b * b), H * b, W * b] : [N, C * b * b, H / b, W / b])];
  }
  if (op === 'Split') return splitOp(n, x, ctx);
  // Unknown op: most ops keep their first input's element type; the probe finds the shape.
  return n.output.map(() => (et ? { elemType: et, shape: null } : undefined));
}

function constantType(n: NodeProto, ctx: Context): TensorType | undefined {
  const a = n.attribute[0];
  if (!a) return undefined;
  const out = n.output[0]!;
  if (a.type === AT.TENSOR && a.t) {
    const v = smallValues(a.t);
    if (v) ctx.values.set(out, v);
    return { elemType: a.t.dataType, shape: a.t.dims.map(Number) };
  }
  if (a.name === 'value_int') {
    ctx.values.set(out, [Number(a.i)]);
    return { elemType: DT.INT64, shape: [] };
  }
  if (a.name === 'value_ints') {
    ctx.values.set(out, a.ints.map(Number));
    return { elemType: DT.INT64, shape: [a.ints.length] };
  }
  if (a.name === 'value_float') {
    ctx.values.set(out, [a.f]);
    return { elemType: DT.FLOAT, shape: [] };
  }
  if (a.name === 'value_floats') {
    ctx.values.set(out, [...a.floats]);
    return { elemType: DT.FLOAT, shape: [a.floats.length] };
  }
  return undefined;
}

function addDim(d: Dim, k: number): Dim | undefined {
  if (k === 0) return d;
  return typeof d === 'number' ? d + k : undefined;
}

function mulDim(d: Dim, k: number): Dim {
  return k === 1 ? d : typeof d === 'number' ? d * k : `${d}*${k}`;
}

function checked(shape: (Dim | undefined)[]): Shape | undefined {
  return shape.every((d) => d !== undefined && (typeof d === 'string' || (Number.isInteger(d) && d >= 0))) ? (shape as Shape) : undefined;
}

export function broadcast(shapes: readonly Shape[]): Shape | undefined {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i];
      if (d === undefined || d === 1) continue;
      if (dim === 1) dim = d;
      else if (dim !== d) {
        if (typeof dim === 'number' && typeof d === 'number') return undefined; // incompatible
        if (typeof dim === 'string') dim = d; // a symbolic dim meets a concrete one: the concrete one wins
      }
    }
    out.push(dim);
  }
  return out;
}

function arithmeticValue(n: NodeProto, ctx: Context): void {
  const a = ctx.value(n.input[0]!);
  const b = ctx.value(n.input[1]!);
  if (!a || !b || (a.length !== b.length && a.length !== 1 && b.length !== 1)) return;
  const len = Math.max(a.length, b.length);
  const isInt = (ctx.type(n.input[0]!)?.elemType ?? 0) === DT.INT64;
  const f = { Add: (p: number, q: number) => p + q, Sub: (p: number, q: number) => p - q, Mul: (p: number, q: number) => p * q, Div: (p: number, q: number) => (isInt ? Math.trunc(p / q) : p / q) }[n.opType as 'Add'];
  const out: number[] = [];
  for (let i = 0; i < len; i++) out.push(f(a[a.length === 1 ? 0 : i]!, b[b.length === 1 ? 0 : i]!));
  ctx.values.set(n.output[0]!, out);
}

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  autoPad: string;
}

function window(n: NodeProto, spatial: number, kernel: number[] | undefined): Window | undefined {
  const k = attrInts(n, 'kernel_shape') ?? kernel;
  if (!k || k.length !== spatial) return undefined;
  const strides = attrInts(n, 'strides') ?? k.map(() => 1);
  const dilations = attrInts(n, 'dilations') ?? k.map(() => 1);
  const pads = attrInts(n, 'pads') ?? k.flatMap(() => [0, 0]);
  if (strides.length !== spatial || dilations.length !== spatial || pads.length !== 2 * spatial) return undefined;
  if (strides.some((s) => s <= 0) || dilations.some((d) => d <= 0)) return undefined;
  return { kernel: k, strides, dilations, pads, autoPad: attrString(n, 'auto_pad', 'NOTSET') };
}

function slidingDims(xs: Shape, w: Window, ceilMode: boolean): Dim[] | undefined {
  const spatial = xs.slice(2);
  const out: Dim[] = [];
  for (let i = 0; i < spatial.length; i++) {
    const d = spatial[i]!;
    if (typeof d !== 'number') return undefined;
    const s = w.strides[i]!;
    const extent = (w.kernel[i]! - 1) * w.dilations[i]! + 1;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') out.push(Math.ceil(d / s));
    else if (w.autoPad === 'VALID') out.push(Math.floor((d - extent) / s) + 1);
    else {
      const span = d + w.pads[i]! + w.pads[i + spatial.length]! - extent;
      let o = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
      // ceil mode never starts a window in the end padding
      if (ceilMode && (o - 1) * s >= d + w.pads[i]!) o -= 1;
      out.push(o);
    }
  }
  return out;
}

function convShape(n: NodeProto, xs: Shape | undefined, ws: Shape | undefined): Shape | undefined {
  if (!xs || !ws || xs.length < 3 || ws.length !== xs.length) return undefined;
  const w = window(n, xs.length - 2, ws.slice(2).filter((d): d is number => typeof d === 'number'));
  if (!w) return undefined;
  const dims = slidingDims(xs, w, false);
  return dims && checked([xs[0], ws[0], ...dims]);
}

function convTransposeShape(n: NodeProto, xs: Shape | undefined, ws: Shape | undefined): Shape | undefined {
  if (!xs || !ws || xs.length < 3 || ws.length !== xs.length || typeof ws[1] !== 'number') return undefined;
  const spatial = xs.length - 2;
  const w = window(n, spatial, ws.slice(2).filter((d): d is number => typeof d === 'number'));
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

function product(dims: readonly Dim[]): Dim | undefined {
  const symbolic = dims.filter((d) => typeof d === 'string');
  const p = (dims.filter((d) => typeof d === 'number') as number[]).reduce((a, b) => a * b, 1);
  if (symbolic.length === 0) return p;
  if (symbolic.length === 1 && p === 1) return symbolic[0];
  return undefined;
}

function flattenShape(xs: Shape, axis: number): Shape | undefined {
  const a = axis < 0 ? axis + xs.length : axis;
  if (a < 0 || a > xs.length) return undefined;
  return checked([product(xs.slice(0, a)), product(xs.slice(a))]);
}

function gemmShape(n: NodeProto, a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (!a || !b || a.length !== 2 || b.length !== 2) return undefined;
  const m = attrInt(n, 'transA', 0) ? a[1] : a[0];
  const nn = attrInt(n, 'transB', 0) ? b[0] : b[1];
  return checked([m, nn]);
}

function matmulShape(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (!a || !b || a.length === 0 || b.length === 0) return undefined;
  const aa = a.length === 1 ? [1, a[0]!] : a;
  const bb = b.length === 1 ? [b[0]!, 1] : b;
  const batch = broadcast([aa.slice(0, -2), bb.slice(0, -2)]);
  if (!batch) return undefined;
  const out: Dim[] = [...batch];
  if (a.length > 1) out.push(aa[aa.length - 2]!);
  if (b.length > 1) out.push(bb[bb.length - 1]!);
  return out;
}

function reshapeShape(xs: Shape | undefined, target: number[] | undefined, allowZero: boolean): Shape | undefined {
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

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

function concatShape(n: NodeProto, ctx: Context): Shape | undefined {
  const shapes = n.input.map((i) => ctx.shape(i));
  if (!shapes.every((s) => s) || shapes.length === 0) return undefined;
  const all = shapes as Shape[];
  const rank = all[0]!.length;
  const axis = normAxis(attrInt(n, 'axis', 0), rank);
  if (axis < 0 || axis >= rank || all.some((s) => s.length !== rank)) return undefined;
  const values = n.input.map((i) => ctx.value(i));
  if (rank === 1 && values.every((v) => v)) ctx.values.set(n.output[0]!, values.flatMap((v) => v!));
  const out: Dim[] = [...all[0]!];
  let sum: Dim | undefined = 0;
  for (const s of all) sum = typeof sum === 'number' && typeof s[axis] === 'number' ? sum + (s[axis] as number) : undefined;
  if (sum === undefined) return undefined;
  out[axis] = sum;
  return out;
}

function squeezeShape(n: NodeProto, ctx: Context): Shape | undefined {
  const xs = ctx.shape(n.input[0]!);
  const axes = n.input[1] ? ctx.value(n.input[1]) : attrInts(n, 'axes');
  const v = ctx.value(n.input[0]!);
  if (v) ctx.values.set(n.output[0]!, v);
  if (!xs) return undefined;
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

function resizeShape(n: NodeProto, xs: Shape | undefined, ctx: Context): Shape | undefined {
  if (!xs) return undefined;
  let scales: number[] | undefined;
  let sizes: number[] | undefined;
  if (n.opType === 'Upsample') scales = ctx.value(n.input[1] ?? '') ?? getAttr(n, 'scales')?.floats;
  else if (n.input.length === 2) scales = ctx.value(n.input[1]!); // opset 10
  else {
    scales = ctx.value(n.input[2] ?? '');
    sizes = ctx.value(n.input[3] ?? '');
    if (scales && scales.length === 0) scales = undefined;
  }
  const axes = attrInts(n, 'axes');
  if (sizes && sizes.length > 0) {
    const out: Dim[] = [...xs];
    const ax = axes ?? xs.map((_, i) => i);
    if (ax.length !== sizes.length) return undefined;
    ax.forEach((a, i) => (out[normAxis(a, xs.length)] = sizes![i]!));
    return checked(out);
  }
  if (!scales) return undefined;
  const ax = axes ?? xs.map((_, i) => i);
  if (ax.length !== scales.length) return undefined;
  const out: (Dim | undefined)[] = [...xs];
  ax.forEach((a, i) => {
    const k = normAxis(a, xs.length);
    const d = xs[k];
    const s = scales![i]!;
    out[k] = s === 1 ? d : typeof d === 'number' ? Math.floor(d * s) : undefined;
  });
  return checked(out);
}

function shapeOp(n: NodeProto, xs: Shape | undefined, ctx: Context): TensorType {
  if (!xs) return { elemType: DT.INT64, shape: null };
  const rank = xs.length;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const start = clamp(attrInt(n, 'start', 0));
  const end = clamp(attrInt(n, 'end', rank));
  const dims = xs.slice(start, Math.max(start, end));
  if (dims.every((d) => typeof d === 'number')) ctx.values.set(n.output[0]!, dims as number[]);
  return { elemType: DT.INT64, shape: [dims.length] };
}

function gatherOp(n: NodeProto, x: TensorType | undefined, ctx: Context): TensorType {
  const xs = x?.shape;
  const is = ctx.shape(n.input[1]!);
  const elemType = x?.elemType ?? 0;
  if (!xs || !is) return { elemType, shape: null };
  const axis = normAxis(attrInt(n, 'axis', 0), xs.length);
  if (axis < 0 || axis >= xs.length) return { elemType, shape: null };
  const data = ctx.value(n.input[0]!);
  const idx = ctx.value(n.input[1]!);
  if (data && idx && xs.length === 1) ctx.values.set(n.output[0]!, idx.map((i) => data[i < 0 ? i + data.length : i]!));
  return { elemType, shape: [...xs.slice(0, axis), ...is, ...xs.slice(axis + 1)] };
}

function sliceShape(n: NodeProto, xs: Shape | undefined, ctx: Context): Shape | undefined {
  if (!xs) return undefined;
  const starts = n.input.length > 1 ? ctx.value(n.input[1]!) : attrInts(n, 'starts');
  const ends = n.input.length > 1 ? ctx.value(n.input[2]!) : attrInts(n, 'ends');
  if (!starts || !ends || starts.length !== ends.length) return undefined;
  const axes = (n.input.length > 3 && n.input[3] ? ctx.value(n.input[3]) : attrInts(n, 'axes')) ?? starts.map((_, i) => i);
  const steps = (n.input.length > 4 && n.input[4] ? ctx.value(n.input[4]) : undefined) ?? starts.map(() => 1);
  const out: (Dim | undefined)[] = [...xs];
  const v = ctx.value(n.input[0]!);
  for (let i = 0; i < starts.length; i++) {
    const a = normAxis(axes[i]!, xs.length);
    const d = xs[a];
    const step = steps[i]!;
    if (typeof d !== 'number' || step === 0 || a < 0 || a >= xs.length) return undefined;
    const lo = step > 0 ? 0 : -1;
    const hi = step > 0 ? d : d - 1;
    const clamp = (p: number): number => Math.min(Math.max(p < 0 ? p + d : p, lo), hi);
    const s = clamp(starts[i]!);
    const e = clamp(ends[i]!);
    const len = Math.max(0, Math.ceil((e - s) / step));
    out[a] = len;
    if (v && xs.length === 1) ctx.values.set(n.output[0]!, Array.from({ length: len }, (_, j) => v[s + j * step]!));
  }
  return checked(out);
}

function reduceOp(n: NodeProto, x: TensorType | undefined, ctx: Context): TensorType {
  const argmax = n.opType === 'ArgMax' || n.opType === 'ArgMin';
  const elemType = argmax ? DT.INT64 : x?.elemType ?? 0;
  const xs = x?.shape;
  if (!xs) return { elemType, shape: null };
  const keep = attrInt(n, 'keepdims', 1) === 1;
  let axes: number[] | undefined = argmax ? [attrInt(n, 'axis', 0)] : attrInts(n, 'axes') ?? (n.input[1] ? ctx.value(n.input[1]) : undefined);
  if (!axes) {
    if (n.input[1]) return { elemType, shape: null };
    axes = attrInt(n, 'noop_with_empty_axes', 0) ? [] : xs.map((_, i) => i);
  }
  const set = new Set(axes.map((a) => normAxis(a, xs.length)));
  const shape = keep ? xs.map((d, i) => (set.has(i) ? 1 : d)) : xs.filter((_, i) => !set.has(i));
  return { elemType, shape };
}

function splitOp(n: NodeProto, x: TensorType | undefined, ctx: Context): (TensorType | undefined)[] {
  const xs = x?.shape;
  const elemType = x?.elemType ?? 0;
  if (!xs) return n.output.map(() => ({ elemType, shape: null }));
  const axis = normAxis(attrInt(n, 'axis', 0), xs.length);
  const d = xs[axis];
  let parts = (n.input[1] ? ctx.value(n.input[1]) : undefined) ?? attrInts(n, 'split');
  if (!parts && typeof d === 'number') {
    const k = n.output.length;
    const each = Math.ceil(d / k);
    parts = Array.from({ length: k }, (_, i) => Math.max(0, Math.min(each, d - i * each)));
  }
  if (!parts || parts.length !== n.output.length) return n.output.map(() => ({ elemType, shape: null }));
  return parts.map((p) => ({ elemType, shape: xs.map((dim, i) => (i === axis ? p : dim)) }));
}
