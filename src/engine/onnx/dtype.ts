import { TensorProto_DataType as DT } from './gen/onnx_pb';

/** Element types GAN Lens computes with; the names are onnxruntime's tensor type strings. */
export type NumericDType = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool' | 'float16';
export type TypedArray =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Uint16Array;

interface DTypeInfo {
  onnx: DT;
  bytes: number;
  make: (n: number) => TypedArray;
  view: (buf: ArrayBuffer, offset: number, n: number) => TypedArray;
}

const INFO: Record<NumericDType, DTypeInfo> = {
  float32: { onnx: DT.FLOAT, bytes: 4, make: (n) => new Float32Array(n), view: (b, o, n) => new Float32Array(b, o, n) },
  float64: { onnx: DT.DOUBLE, bytes: 8, make: (n) => new Float64Array(n), view: (b, o, n) => new Float64Array(b, o, n) },
  int64: { onnx: DT.INT64, bytes: 8, make: (n) => new BigInt64Array(n), view: (b, o, n) => new BigInt64Array(b, o, n) },
  int32: { onnx: DT.INT32, bytes: 4, make: (n) => new Int32Array(n), view: (b, o, n) => new Int32Array(b, o, n) },
  uint8: { onnx: DT.UINT8, bytes: 1, make: (n) => new Uint8Array(n), view: (b, o, n) => new Uint8Array(b, o, n) },
  int8: { onnx: DT.INT8, bytes: 1, make: (n) => new Int8Array(n), view: (b, o, n) => new Int8Array(b, o, n) },
  bool: { onnx: DT.BOOL, bytes: 1, make: (n) => new Uint8Array(n), view: (b, o, n) => new Uint8Array(b, o, n) },
  float16: { onnx: DT.FLOAT16, bytes: 2, make: (n) => new Uint16Array(n), view: (b, o, n) => new Uint16Array(b, o, n) },
};

export function dtypeInfo(d: NumericDType): DTypeInfo {
  return INFO[d];
}

export function onnxToDType(t: number): NumericDType | undefined {
  for (const [k, v] of Object.entries(INFO)) if (v.onnx === t) return k as NumericDType;
  return undefined;
}

export function dtypeToOnnx(d: NumericDType): number {
  return INFO[d].onnx;
}

const ONNX_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(DT).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v as number, k.toLowerCase()]),
);

/** A readable name for any ONNX element type, including ones GAN Lens does not compute with. */
export function onnxTypeName(t: number): string {
  return onnxToDType(t) ?? ONNX_NAMES[t] ?? `type#${t}`;
}
