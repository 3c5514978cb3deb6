/** Arithmetic on dimensions (numbers or symbolic names) and shapes. */
import type { Dim, Shape } from './types';

export function isStatic(shape: Shape | null | undefined): shape is number[] {
  return !!shape && shape.every((d) => typeof d === 'number' && d >= 0);
}

export function addDim(d: Dim, k: number): Dim | undefined {
  if (k === 0) return d;
  return typeof d === 'number' ? d + k : undefined;
}

export function mulDim(d: Dim, k: number): Dim {
  return k === 1 ? d : typeof d === 'number' ? d * k : `${d}*${k}`;
}

/** A dim repeated `rep` times; a symbolic repeat count only multiplies 1. */
export function tileDim(d: Dim, rep: Dim): Dim | undefined {
  if (typeof rep === 'number') return mulDim(d, rep);
  return d === 1 ? rep : undefined;
}

/** The shape if every dim is symbolic or a non-negative integer, else undefined (unknown). */
export function checked(shape: readonly (Dim | undefined)[]): Shape | undefined {
  return shape.every((d) => d !== undefined && (typeof d === 'string' || (Number.isInteger(d) && d >= 0))) ? (shape as Shape) : undefined;
}

export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** The product of dims: a number, one symbolic dim times 1, else unknown. */
export function product(dims: readonly Dim[]): Dim | undefined {
  const symbolic = dims.filter((d) => typeof d === 'string');
  const p = (dims.filter((d) => typeof d === 'number') as number[]).reduce((a, b) => a * b, 1);
  if (symbolic.length === 0) return p;
  if (symbolic.length === 1 && p === 1) return symbolic[0];
  return undefined;
}

/** Numpy broadcasting; undefined when two numeric dims disagree. A symbolic dim meeting a number takes the number. */
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
