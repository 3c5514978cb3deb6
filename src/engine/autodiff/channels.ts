/** Helpers for per-channel (axis 1) parameters and per-sample statistics of N·C·spatial tensors. */
import type { Emitter } from './emitter';
import { int64ValueAttr } from './broadcast';

/** Reshapes a length-C vector to [C, 1, …, 1] so it broadcasts against x (rank taken from x at run time). */
export function asChannel(e: Emitter, v: string, x: string, rank?: number): string {
  if (rank !== undefined) return e.op('Unsqueeze', [v, e.int64(Array.from({ length: rank - 2 }, (_, i) => i + 1))]);
  const r = e.op('Size', [e.shape(x)]);
  const k = e.op('Reshape', [e.sub(r, e.int64([2], true)), e.int64([1])]);
  const ones = e.op('ConstantOfShape', [k], { value: oneI64() });
  return e.op('Reshape', [v, e.op('Concat', [e.int64([-1]), ones], { axis: 0 })]);
}

/** Axes [from, …, rank−1] of x as an int64 tensor (static when the rank is known). */
export function axesFrom(e: Emitter, x: string, from: number, rank?: number): string {
  if (rank !== undefined) return e.int64(Array.from({ length: rank - from }, (_, i) => i + from));
  const r = e.op('Size', [e.shape(x)]);
  return e.op('Range', [e.int64([from], true), r, e.int64([1], true)]);
}

/** Axes 0 and 2… (all but channels). */
export function axesButChannel(e: Emitter, x: string, rank?: number): string {
  if (rank !== undefined) return e.int64([0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)]);
  return e.op('Concat', [e.int64([0]), axesFrom(e, x, 2)], { axis: 0 });
}

/** Number of elements of x per element of y, as a scalar of x's type. */
export function countRatio(e: Emitter, x: string, y: string): string {
  const q = e.op('Div', [e.op('Size', [x]), e.op('Size', [y])]);
  return e.op('CastLike', [q, x]);
}

function oneI64(): ReturnType<typeof int64ValueAttr> {
  return int64ValueAttr(1);
}
