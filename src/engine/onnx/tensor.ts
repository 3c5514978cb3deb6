import { create } from '@bufbuild/protobuf';
import { TensorProtoSchema, TensorProto_DataLocation, type TensorProto } from './gen/onnx_pb';
import { dtypeInfo, dtypeToOnnx, onnxToDType, onnxTypeName, type NumericDType, type TypedArray } from './dtype';
import { badInput, formatShape } from '../util/errors';

/** A dense host tensor: C-order data with its shape. */
export interface HostTensor {
  dtype: NumericDType;
  dims: number[];
  data: TypedArray;
}

export function numel(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

export function isExternal(t: TensorProto): boolean {
  return t.dataLocation === TensorProto_DataLocation.EXTERNAL;
}

/** Decodes an initializer (raw_data or typed fields) into a host tensor. External data must be loaded first. */
export function tensorFromProto(t: TensorProto): HostTensor {
  const dtype = onnxToDType(t.dataType);
  const dims = t.dims.map(Number);
  if (!dtype) {
    throw badInput(`Tensor '${t.name}' has element type ${onnxTypeName(t.dataType)}, which GAN Lens cannot compute with.`, {
      tensor: t.name,
      hint: 'Export the model with float32 weights.',
    });
  }
  if (isExternal(t)) {
    throw badInput(`Tensor '${t.name}' keeps its data in an external file that was not loaded.`, { tensor: t.name });
  }
  const info = dtypeInfo(dtype);
  const n = numel(dims);
  if (t.rawData.length > 0) {
    if (t.rawData.length !== n * info.bytes) {
      throw badInput(
        `Tensor '${t.name}' of shape ${formatShape(dims)} (${dtype}) needs ${n * info.bytes} bytes but holds ${t.rawData.length}.`,
        { tensor: t.name, shape: dims, hint: 'The model file is damaged; export it again.' },
      );
    }
    // Copy: raw_data is an unaligned view into the file buffer.
    const copy = new Uint8Array(t.rawData);
    return { dtype, dims, data: info.view(copy.buffer, 0, n) };
  }
  const data = info.make(n);
  const src: ArrayLike<number | bigint> =
    dtype === 'float32' ? t.floatData
    : dtype === 'float64' ? t.doubleData
    : dtype === 'int64' ? t.int64Data
    : t.int32Data;
  if (src.length !== n) {
    throw badInput(`Tensor '${t.name}' of shape ${formatShape(dims)} holds ${src.length} values instead of ${n}.`, {
      tensor: t.name,
      shape: dims,
      hint: 'The model file is damaged; export it again.',
    });
  }
  if (dtype === 'int64') {
    const d = data as BigInt64Array;
    for (let i = 0; i < n; i++) d[i] = BigInt(src[i] as bigint);
  } else {
    const d = data as Exclude<TypedArray, BigInt64Array>;
    for (let i = 0; i < n; i++) d[i] = Number(src[i]);
  }
  return { dtype, dims, data };
}

/** Encodes a host tensor as an initializer with raw_data. */
export function tensorToProto(name: string, t: HostTensor): TensorProto {
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return create(TensorProtoSchema, {
    name,
    dims: t.dims.map(BigInt),
    dataType: dtypeToOnnx(t.dtype),
    rawData: new Uint8Array(bytes),
  });
}

export function hostTensor(dtype: NumericDType, dims: number[], data?: TypedArray): HostTensor {
  const n = numel(dims);
  const d = data ?? dtypeInfo(dtype).make(n);
  if (d.length !== n) throw badInput(`Data of length ${d.length} does not fit shape ${formatShape(dims)}.`, { shape: dims });
  return { dtype, dims: [...dims], data: d };
}

export function f32(dims: number[], values?: ArrayLike<number>): HostTensor {
  const data = new Float32Array(numel(dims));
  if (values) data.set(values);
  return { dtype: 'float32', dims: [...dims], data };
}

export function i64(dims: number[], values: ArrayLike<number>): HostTensor {
  const data = new BigInt64Array(numel(dims));
  for (let i = 0; i < data.length; i++) data[i] = BigInt(values[i]!);
  return { dtype: 'int64', dims: [...dims], data };
}
