/** Sums a broadcast gradient back to the shape of the operand it came from (dynamic: works for any batch size). */
import type { Emitter } from './emitter';
import { create } from '@bufbuild/protobuf';
import { TensorProtoSchema, TensorProto_DataType } from '../onnx/gen/onnx_pb';
import type { TensorProto } from '../onnx/gen/onnx_pb';

/**
 * g has the broadcast shape; x is the operand. Reduces over leading extra axes and over axes where x has size 1,
 * then reshapes to x's shape. When `sameShape` is known the gradient passes through unchanged.
 */
export function reduceToShape(e: Emitter, g: string, x: string, sameShape = false): string {
  if (sameShape) return g;
  const gShape = e.shape(g);
  const xShape = e.shape(x);
  const gRank = e.op('Size', [gShape]);
  const xRank = e.op('Size', [xShape]);
  const lead = e.op('Sub', [gRank, xRank]);
  const ones = e.op('ConstantOfShape', [e.op('Reshape', [lead, e.int64([1])])], { value: oneI64() });
  const xAligned = e.op('Concat', [ones, xShape], { axis: 0 });
  const one = e.int64([1], true);
  const isOne = e.op('Equal', [xAligned, one]);
  const gNotOne = e.op('Not', [e.op('Equal', [gShape, one])]);
  const mask = e.op('And', [isOne, gNotOne]);
  const axes = e.op('Reshape', [e.op('NonZero', [mask]), e.int64([-1])]);
  const summed = e.op('ReduceSum', [g, axes], { keepdims: 1, noop_with_empty_axes: 1 });
  return e.op('Reshape', [summed, xShape]);
}


function oneI64(): TensorProto {
  return create(TensorProtoSchema, { dims: [1n], dataType: TensorProto_DataType.INT64, int64Data: [1n] });
}

export function int64ValueAttr(v: number): TensorProto {
  return create(TensorProtoSchema, { dims: [1n], dataType: TensorProto_DataType.INT64, int64Data: [BigInt(v)] });
}
