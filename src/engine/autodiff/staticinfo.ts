/**
 * What is known about each tensor before running: element type, rank, constant values and shapes. A view over the
 * one static inference pass (onnx/shapes): the graph's declarations (inputs, outputs, value_info, initializers) win,
 * the pass fills the rest. Unknown stays unknown; rules fall back to in-graph (dynamic) shape computations.
 */
import type { GraphProto, TensorProto, ValueInfoProto } from '../onnx/gen/onnx_pb';
import { onnxToDType, type NumericDType } from '../onnx/dtype';
import { isExternal, tensorFromProto } from '../onnx/tensor';
import { runInference, type TensorType } from '../onnx/shapes/index';

export interface StaticInfo {
  dtype: Map<string, NumericDType>;
  rank: Map<string, number>;
  consts: Map<string, TensorProto>;
  /** Element types and shapes the pass found, value_info filling its gaps (symbolic dims like "batch" by name). */
  shapes: Map<string, TensorType>;
}

function declare(info: StaticInfo, v: ValueInfoProto): void {
  if (v.type?.value.case !== 'tensorType') return;
  const tt = v.type.value.value;
  const dt = onnxToDType(tt.elemType);
  if (dt) info.dtype.set(v.name, dt);
  if (tt.shape) info.rank.set(v.name, tt.shape.dim.length);
}

export function staticInfo(g: GraphProto): StaticInfo {
  const pass = runInference(g, { useValueInfo: true });
  const info: StaticInfo = { dtype: new Map(), rank: new Map(), consts: new Map(pass.consts), shapes: pass.types };
  for (const v of [...g.input, ...g.output, ...g.valueInfo]) declare(info, v);
  for (const t of g.initializer) {
    const dt = onnxToDType(t.dataType);
    if (dt) info.dtype.set(t.name, dt);
    info.rank.set(t.name, t.dims.length);
  }
  for (const [name, t] of pass.types) {
    const dt = onnxToDType(t.elemType);
    if (dt && !info.dtype.has(name)) info.dtype.set(name, dt);
    if (t.shape && !info.rank.has(name)) info.rank.set(name, t.shape.length);
  }
  for (const [name, r] of pass.ranks) if (!info.rank.has(name)) info.rank.set(name, r);
  return info;
}

/**
 * The elements of a constant; undefined when `name` is no constant, its element type is not one GAN Lens computes
 * with, or its data lives in an external file not loaded here. A constant whose data does not fit its dims throws.
 */
export function constNumbers(info: StaticInfo, name: string | undefined): number[] | undefined {
  const t = name ? info.consts.get(name) : undefined;
  if (!t || !onnxToDType(t.dataType) || isExternal(t)) return undefined;
  return Array.from(tensorFromProto(t).data as ArrayLike<number | bigint>, Number);
}
