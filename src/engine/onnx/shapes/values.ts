/**
 * Small integer tensors (shapes, axes, scales) carried as values, so that Reshape/Resize/Slice targets built from
 * Shape ops resolve. Symbolic dims may appear as elements.
 */
import { TensorProto_DataType as DT, type NodeProto, type TensorProto } from '../gen/onnx_pb';
import { isExternal, numel, tensorFromProto } from '../tensor';
import type { ShapeContext } from './context';
import { mulDim } from './dimmath';
import type { Dim } from './types';

/** Only tensors up to this many elements are propagated as values. */
export const MAX_VALUE_ELEMENTS = 64;

/**
 * The elements of a small numeric tensor; undefined when it is large, not numeric, or its data lives in an external
 * file not loaded here. A tensor whose data does not fit its dims is damaged: decoding throws and names it.
 */
export function smallValues(t: TensorProto): number[] | undefined {
  const dims = t.dims.map(Number);
  if (numel(dims) > MAX_VALUE_ELEMENTS) return undefined;
  if (![DT.INT64, DT.INT32, DT.FLOAT, DT.DOUBLE].includes(t.dataType)) return undefined;
  if (isExternal(t)) return undefined;
  return Array.from(tensorFromProto(t).data as ArrayLike<number | bigint>, Number);
}

/** Element-wise on small values (1-element inputs broadcast); symbolic elements only where `f` passes them through. */
export function elementwiseValue(n: NodeProto, ctx: ShapeContext, f: (...xs: Dim[]) => Dim | undefined): void {
  const vs = n.input.map((i) => ctx.dims(i));
  if (vs.length === 0 || vs.some((v) => !v)) return;
  const len = Math.max(...vs.map((v) => v!.length));
  if (vs.some((v) => v!.length !== len && v!.length !== 1)) return;
  const out: Dim[] = [];
  for (let i = 0; i < len; i++) {
    const r = f(...vs.map((v) => v![v!.length === 1 ? 0 : i]!));
    if (r === undefined) return;
    out.push(r);
  }
  ctx.setValue(n.output[0], out);
}

/** 1 or 0; a symbolic dim (≥ 1) differs from any number below 1, otherwise the comparison is open. */
export function equalDims(p: Dim, q: Dim): Dim | undefined {
  if (typeof p === 'number' && typeof q === 'number') return p === q ? 1 : 0;
  if (p === q) return 1;
  const num = typeof p === 'number' ? p : typeof q === 'number' ? q : undefined;
  return num !== undefined && num < 1 ? 0 : undefined;
}

type Arith = 'Add' | 'Sub' | 'Mul' | 'Div';

/** Add/Sub/Mul/Div on small values; symbolic dims survive scaling only. */
export function arithmeticValue(n: NodeProto, ctx: ShapeContext): void {
  const op = n.opType as Arith;
  const a = ctx.dims(n.input[0]);
  const b = ctx.dims(n.input[1]);
  if (!a || !b || (a.length !== b.length && a.length !== 1 && b.length !== 1)) return;
  const len = Math.max(a.length, b.length);
  const isInt = ctx.elemType(n.input[0]) === DT.INT64;
  const f: Record<Arith, (p: number, q: number) => number> = {
    Add: (p, q) => p + q,
    Sub: (p, q) => p - q,
    Mul: (p, q) => p * q,
    Div: (p, q) => (isInt ? Math.trunc(p / q) : p / q),
  };
  const out: Dim[] = [];
  for (let i = 0; i < len; i++) {
    const p = a[a.length === 1 ? 0 : i]!;
    const q = b[b.length === 1 ? 0 : i]!;
    if (typeof p === 'number' && typeof q === 'number') out.push(f[op](p, q));
    else if (op === 'Mul' && (typeof p === 'number' || typeof q === 'number')) out.push(typeof p === 'number' ? mulDim(q, p) : mulDim(p, q as number));
    else if ((op === 'Mul' || op === 'Div') && q === 1) out.push(p);
    else if (op === 'Mul' && p === 1) out.push(q);
    else return; // symbolic arithmetic beyond scaling: leave the value unknown
  }
  ctx.setValue(n.output[0], out);
}
