/**
 * Index arithmetic on the small row-major values that shape inference carries (torch lowers F.pad's padding list
 * through Reshape → Slice(step −1) → Transpose, so those values must survive n-D slices and transposes).
 */
import type { Dim } from './types';

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1]! * shape[i + 1]!;
  return out;
}

/** Calls `visit` with each multi-index of `shape` in row-major order. */
function forEachIndex(shape: readonly number[], visit: (index: number[]) => void): void {
  const total = shape.reduce((a, b) => a * b, 1);
  const index = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < total; k++) {
    visit(index);
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++index[i]! < shape[i]!) break;
      index[i] = 0;
    }
  }
}

export function transposeValues(v: readonly Dim[], shape: readonly number[], perm: readonly number[]): Dim[] {
  const inStrides = strides(shape);
  const outShape = perm.map((p) => shape[p]!);
  const out: Dim[] = [];
  forEachIndex(outShape, (idx) => out.push(v[idx.reduce((s, x, i) => s + x * inStrides[perm[i]!]!, 0)]!));
  return out;
}

/** Per axis: the first index taken and the step; `outShape` is the sliced shape. */
export function sliceValues(v: readonly Dim[], shape: readonly number[], outShape: readonly number[], starts: readonly number[], steps: readonly number[]): Dim[] {
  const inStrides = strides(shape);
  const out: Dim[] = [];
  forEachIndex(outShape, (idx) => out.push(v[idx.reduce((s, x, i) => s + (starts[i]! + x * steps[i]!) * inStrides[i]!, 0)]!));
  return out;
}
