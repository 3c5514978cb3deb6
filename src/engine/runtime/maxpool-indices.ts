/**
 * MaxPool with an Indices output, in ops onnxruntime's WebGPU provider runs (its MaxPool has no Indices: "not
 * supported yet"). Indices follow ONNX: flat positions in the unpadded NCHW input, first maximum in window order.
 * The pooled values come from a plain MaxPool; the window taps are strided Slices of the input padded with −∞,
 * stacked so ArgMax (first occurrence) picks the tap; int64 arithmetic on small broadcast grids gives the position.
 */
import type { NodeProto, TensorProto } from '../onnx/gen/onnx_pb';
import { attrInt, attrInts, attrString, node } from '../onnx/builder';
import { f32, i64, tensorToProto } from '../onnx/tensor';

const INT64_MAX = Number.MAX_SAFE_INTEGER; // any end beyond the axis means "to the end"

/** 2-D, floor-mode, explicit or no padding, row-major indices: what the rewrite handles. */
export function maxPoolIndicesRewritable(n: NodeProto): boolean {
  const k = attrInts(n, 'kernel_shape') ?? [];
  const autoPad = attrString(n, 'auto_pad', 'NOTSET');
  return k.length === 2 && attrInt(n, 'ceil_mode', 0) === 0 && attrInt(n, 'storage_order', 0) === 0 && (autoPad === 'NOTSET' || autoPad === 'VALID');
}

export function rewriteMaxPoolIndices(n: NodeProto, uid: string, opset: number): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const [kh, kw] = attrInts(n, 'kernel_shape')! as [number, number];
  const [sh, sw] = (attrInts(n, 'strides') ?? [1, 1]) as [number, number];
  const [dh, dw] = (attrInts(n, 'dilations') ?? [1, 1]) as [number, number];
  const valid = attrString(n, 'auto_pad', 'NOTSET') === 'VALID';
  const [pt, pl, pb, pr] = (valid ? [0, 0, 0, 0] : attrInts(n, 'pads') ?? [0, 0, 0, 0]) as [number, number, number, number];
  const x = n.input[0]!;
  const [y, indices] = n.output as [string, string];
  const p = (s: string): string => `${uid}/${s}`;
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [];
  const ints = (name: string, v: number[], dims = [v.length]): string => (inits.push(tensorToProto(p(name), i64(dims, v))), p(name));
  const op = (type: string, inputs: string[], out: string, attrs: Parameters<typeof node>[3] = {}): string => {
    nodes.push(node(type, inputs, [p(out)], attrs, p(out)));
    return p(out);
  };
  const unsqueeze = (t: string, axis: number, out: string): string =>
    opset >= 13 ? op('Unsqueeze', [t, ints(`${out}_axes`, [axis])], out) : op('Unsqueeze', [t], out, { axes: [axis] });

  const pool = node('MaxPool', [x], [y], {}, n.name);
  pool.attribute = [...n.attribute];
  nodes.push(pool);

  inits.push(tensorToProto(p('neg_inf'), f32([], [-Infinity])));
  const padded = op('Pad', [x, ints('pads', [0, 0, pt, pl, 0, 0, pb, pr]), p('neg_inf')], 'padded');
  const taps: string[] = [];
  const dyTable: number[] = [];
  const dxTable: number[] = [];
  for (let dy = 0; dy < kh; dy++) {
    for (let dx = 0; dx < kw; dx++) {
      const endH = (kh - 1 - dy) * dh;
      const endW = (kw - 1 - dx) * dw;
      const k = `tap${dy}_${dx}`;
      const tap = op('Slice', [padded, ints(`${k}_starts`, [dy * dh, dx * dw]), ints(`${k}_ends`, [endH ? -endH : INT64_MAX, endW ? -endW : INT64_MAX]), ints('axes', [2, 3]), ints('steps', [sh, sw])], k);
      taps.push(unsqueeze(tap, 2, `${k}_u`));
      dyTable.push(dy * dh - pt);
      dxTable.push(dx * dw - pl);
    }
  }
  const stacked = taps.length === 1 ? taps[0]! : op('Concat', taps, 'stacked', { axis: 2 });
  const tap = op('ArgMax', [stacked], 'tap', { axis: 2, keepdims: 0, select_last_index: 0 });

  const shX = op('Shape', [x], 'shape_x');
  const shY = op('Shape', [y], 'shape_y');
  const dim = (shape: string, i: number, out: string): string => op('Gather', [shape, ints(`i${i}`, [i], [])], out);
  const h = dim(shX, 2, 'h');
  const w = dim(shX, 3, 'w');
  const zero = ints('zero', [0], []);
  const one = ints('one', [1], []);
  const nc = op('Mul', [dim(shX, 0, 'n'), dim(shX, 1, 'c')], 'nc');
  const ncShape = op('Concat', [op('Slice', [shX, ints('s0', [0]), ints('s2', [2])], 'nc_dims'), ints('ones2', [1, 1])], 'nc_shape', { axis: 0 });
  const ncGrid = op('Reshape', [op('Range', [zero, nc, one], 'nc_range'), ncShape], 'nc_grid');
  // Window origins in unpadded coordinates; the tap tables add the offset within the window minus the padding.
  const rows = op('Reshape', [op('Mul', [op('Range', [zero, dim(shY, 2, 'oh'), one], 'oh_range'), ints('sh', [sh], [])], 'oh_scaled'), ints('rows_shape', [1, 1, -1, 1])], 'rows');
  const cols = op('Reshape', [op('Mul', [op('Range', [zero, dim(shY, 3, 'ow'), one], 'ow_range'), ints('sw', [sw], [])], 'ow_scaled'), ints('cols_shape', [1, 1, 1, -1])], 'cols');
  const dyOff = op('Gather', [ints('dy_table', dyTable), tap], 'dy');
  const dxOff = op('Gather', [ints('dx_table', dxTable), tap], 'dx');
  const row = op('Add', [op('Add', [op('Mul', [ncGrid, h], 'nc_h'), rows], 'row_base'), dyOff], 'row');
  const flat = op('Add', [op('Add', [op('Mul', [row, w], 'row_w'), cols], 'flat_base'), dxOff], 'flat');
  nodes.push(node('Identity', [flat], [indices], {}, p('indices')));
  return { nodes, initializers: inits };
}
