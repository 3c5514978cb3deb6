import { attrInt, attrInts, attrString } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { convInputGrad, samePads, type ConvGeometry } from '../convgeom';
import { badInput } from '../../util/errors';
import type { Emitter } from '../emitter';

/**
 * AveragePool = box-kernel sum divided by each window's element count; its adjoint is a ConvTranspose with the
 * box kernel, applied with channels folded into the batch axis (so no channel count is needed).
 */
export const averagePool: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    const kernel = attrInts(c.node, 'kernel_shape');
    if (!kernel) throw badInput(`AveragePool '${c.node.name}' has no kernel_shape.`, { node: c.node.name });
    const n = kernel.length;
    const strides = attrInts(c.node, 'strides') ?? new Array(n).fill(1);
    const dilations = attrInts(c.node, 'dilations') ?? new Array(n).fill(1);
    const autoPad = attrString(c.node, 'auto_pad', 'NOTSET');
    let pads = autoPad === 'VALID' ? new Array(2 * n).fill(0) : attrInts(c.node, 'pads') ?? new Array(2 * n).fill(0);
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const input = c.shapeOf(x)?.slice(2);
      if (!input || input.length !== n || !input.every((d): d is number => typeof d === 'number')) {
        throw badInput(`AveragePool '${c.node.name}' uses auto_pad=${autoPad} and its input's spatial size is not known before running, so its gradient cannot place the padding.`, {
          node: c.node.name,
          hint: 'Give the model a fixed input size, or export it with explicit padding.',
        });
      }
      pads = samePads(autoPad, input, kernel, strides, dilations);
    }
    const geo: ConvGeometry = { n, kernel, strides, dilations, pads, group: 1 };
    const ceil = attrInt(c.node, 'ceil_mode', 0) === 1;
    const includePad = attrInt(c.node, 'count_include_pad', 0) === 1;
    const g = gradOf(c);
    const area = kernel.reduce((a, b) => a * b, 1);
    const box = e.op('CastLike', [e.constant({ dtype: 'float32', dims: [1, 1, ...kernel], data: new Float32Array(area).fill(1) }, 'box'), x]);
    const g1 = foldChannels(e, g, n);
    const x1 = foldChannels(e, x, n);
    const uniform = !ceil && (includePad || geo.pads.every((p) => p === 0));
    const scaled = uniform ? e.mul(g1, e.scalarLike(1 / area, x)) : e.div(g1, windowCounts(e, x1, g1, box, geo, ceil, includePad));
    const dx1 = convInputGrad(e, scaled, box, x1, geo);
    return [e.op('Reshape', [dx1, e.shape(x)])];
  },
};

/** [N, C, S…] → [N·C, 1, S…]. */
function foldChannels(e: Emitter, t: string, n: number): string {
  const spatial = e.op('Slice', [e.shape(t), e.int64([2]), e.int64([2 + n])]);
  return e.op('Reshape', [t, e.op('Concat', [e.int64([-1, 1]), spatial], { axis: 0 })]);
}

/** How many elements each output window averages, shaped [1, 1, S_out…]. */
function windowCounts(e: Emitter, x1: string, g1: string, box: string, geo: ConvGeometry, ceil: boolean, includePad: boolean): string {
  const n = geo.n;
  const spatial = e.op('Slice', [e.shape(x1), e.int64([2]), e.int64([2 + n])]);
  const ones = e.op('CastLike', [e.op('ConstantOfShape', [e.op('Concat', [e.int64([1, 1]), spatial], { axis: 0 })], { value: oneF32() }), x1]);
  const begin = geo.pads.slice(0, n);
  const end = geo.pads.slice(n).map((p, i) => p + (ceil ? geo.strides[i]! - 1 : 0));
  let src = ones;
  let convPads = [...begin, ...end];
  if (includePad) {
    src = e.op('Pad', [ones, e.int64([0, 0, ...begin, 0, 0, ...geo.pads.slice(n)]), e.scalarLike(1, x1)]);
    convPads = [...new Array(n).fill(0), ...end.map((p, i) => p - geo.pads[n + i]!)];
  }
  const counts = e.op('Conv', [src, box], { strides: geo.strides, dilations: geo.dilations, pads: convPads });
  const outSpatial = e.op('Slice', [e.shape(g1), e.int64([2]), e.int64([2 + n])]);
  return e.op('Slice', [counts, e.int64(new Array(n).fill(0)), outSpatial, e.int64(Array.from({ length: n }, (_, i) => i + 2))]);
}

import { create } from '@bufbuild/protobuf';
import { TensorProtoSchema, TensorProto_DataType } from '../../onnx/gen/onnx_pb';
function oneF32(): ReturnType<typeof create<typeof TensorProtoSchema>> {
  return create(TensorProtoSchema, { dims: [1n], dataType: TensorProto_DataType.FLOAT, floatData: [1] });
}
