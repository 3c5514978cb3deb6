import { attrString } from '../../onnx/builder';
import { badInput } from '../../util/errors';
import type { GradRule, RuleContext } from '../rule';
import { gradOf, only } from '../rule';
import type { Emitter } from '../emitter';

/**
 * Resize (opset 11+, every mode and coordinate transform) is linear and separable per axis. For each resized axis
 * the interpolation matrix is obtained by resizing an identity matrix with the node's own attributes, and the
 * gradient is that matrix's transpose applied along the axis (a MatMul). Nearest upsampling by integer factors
 * takes a fast path: sum over each block.
 */
export const resize: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const [x, roi, scales, sizes] = c.inputs as [string, string | undefined, string | undefined, string | undefined];
    const g = gradOf(c);
    const scaleVals = scales ? c.constValue(scales) : undefined;
    const sizeVals = sizes ? c.constValue(sizes) : undefined;
    const rank = c.rankOf(x) ?? scaleVals?.length ?? sizeVals?.length ?? (sizes && c.rankOf(sizes) === undefined ? undefined : undefined);
    const usesSizes = !!sizes && (!scales || (scaleVals?.length ?? 1) === 0);
    if (rank === undefined) {
      throw badInput(`Resize '${c.node.name}': the rank of its input is unknown, so its gradient cannot be built.`, { node: c.node.name });
    }
    let axes: number[];
    if (!usesSizes && scaleVals && scaleVals.length) axes = scaleVals.map((s, i) => (s !== 1 ? i : -1)).filter((i) => i >= 0);
    else axes = Array.from({ length: rank - 2 }, (_, i) => i + 2);
    if (axes.some((a) => a < rank - 2)) {
      throw badInput(`Resize '${c.node.name}' resizes axis ${axes.find((a) => a < rank - 2)}; gradients are supported for the last two axes only.`, {
        node: c.node.name,
      });
    }
    const mode = attrString(c.node, 'mode', 'nearest');
    const ctm = attrString(c.node, 'coordinate_transformation_mode', 'half_pixel');
    const nm = attrString(c.node, 'nearest_mode', 'round_prefer_floor');
    const blockOk =
      mode === 'nearest' &&
      !usesSizes &&
      scaleVals !== undefined &&
      axes.every((a) => Number.isInteger(scaleVals[a]!) && scaleVals[a]! >= 1) &&
      ((ctm === 'asymmetric' && nm === 'floor') || (['half_pixel', 'pytorch_half_pixel'].includes(ctm) && nm.startsWith('round_prefer')));
    if (blockOk) return [blockSum(e, g, x, rank, scaleVals!)];
    let d = g;
    for (const k of axes) {
      const m = interpolationMatrix(c, e, x, rank, k, roi, usesSizes ? undefined : scales, usesSizes ? sizes : undefined);
      d = k === rank - 1 ? e.op('MatMul', [d, e.op('Transpose', [m], { perm: [1, 0] })]) : e.op('MatMul', [m, d]);
    }
    return [d];
  },
};

/** Nearest upsampling by integer factors: each input element was copied into a block; sum the block. */
function blockSum(e: Emitter, g: string, x: string, rank: number, scales: number[]): string {
  const sx = e.shape(x);
  const parts: string[] = [];
  const sumAxes: number[] = [];
  for (let i = 0; i < rank; i++) {
    parts.push(e.op('Slice', [sx, e.int64([i]), e.int64([i + 1])]));
    if (scales[i]! !== 1) {
      parts.push(e.int64([scales[i]!]));
      sumAxes.push(parts.length - 1);
    }
  }
  const split = e.op('Reshape', [g, e.op('Concat', parts, { axis: 0 })]);
  return e.op('ReduceSum', [split, e.int64(sumAxes)], { keepdims: 0 });
}

/** [D_in, D_out] matrix M with M[p, i] = weight of input p in output i along axis k. */
function interpolationMatrix(
  c: RuleContext,
  e: Emitter,
  x: string,
  rank: number,
  k: number,
  roi: string | undefined,
  scales: string | undefined,
  sizes: string | undefined,
): string {
  const din = e.op('Slice', [e.shape(x), e.int64([k]), e.int64([k + 1])]);
  const square = e.op('ConstantOfShape', [e.op('Concat', [din, din], { axis: 0 })]);
  const eye = e.op('CastLike', [e.op('EyeLike', [square]), x]);
  const shapeParts = Array.from({ length: rank }, (_, i) => (i === 0 || i === k ? din : e.int64([1])));
  const placed = e.op('Reshape', [eye, e.op('Concat', shapeParts, { axis: 0 })]);
  const onehot = Array.from({ length: rank }, (_, i) => (i === k ? 1 : 0));
  const inputs = [placed, roi ?? ''];
  if (scales) {
    const mask = e.constant({ dtype: 'bool', dims: [rank], data: new Uint8Array(onehot) }, 'axis_mask');
    const ones = e.constant({ dtype: 'float32', dims: [rank], data: new Float32Array(rank).fill(1) }, 'ones');
    inputs.push(e.op('Where', [mask, scales, ones]));
  } else {
    const mask = e.constant({ dtype: 'bool', dims: [rank], data: new Uint8Array(onehot) }, 'axis_mask');
    inputs.push('', e.op('Where', [mask, sizes!, e.shape(placed)]));
  }
  const r = e.op('Resize', inputs, copyAttrs(c));
  return e.op('Reshape', [r, e.op('Concat', [din, e.int64([-1])], { axis: 0 })]);
}

function copyAttrs(c: RuleContext): Record<string, string | number | { float: number }> {
  const out: Record<string, string | number | { float: number }> = {};
  for (const a of c.node.attribute) {
    if (a.type === 3) out[a.name] = new TextDecoder().decode(a.s);
    else if (a.type === 2) out[a.name] = Number(a.i);
    else if (a.type === 1) out[a.name] = { float: a.f };
  }
  return out;
}
