/**
 * Probing runs: the model once at batch 1 (and, when its batch is free, once more at batch 2) with the tensors that
 * static inference could not size added as graph outputs. Two runs tell the batch dims apart from the fixed ones.
 */
import { create } from '@bufbuild/protobuf';
import { TypeProtoSchema, TypeProto_TensorSchema, ValueInfoProtoSchema, type GraphProto, type ModelProto } from './gen/onnx_pb';
import { onnxToDType, dtypeInfo, type NumericDType } from './dtype';
import { shapeFromValueInfo, type Shape, type TensorType } from './shapes/index';
import { shallowCopy } from './copy';
import { numel, type HostTensor } from './tensor';
import { shapeFromProbes } from './dims';
import { badInput, formatShape } from '../util/errors';

/** A probing input larger than this (elements) means a damaged shape, not a real image. */
const MAX_PROBE_ELEMENTS = 2 ** 28;

export interface ProbeInput {
  /** Concrete dims at batch 1. */
  dims: number[];
  /** Whether dim 0 is the free batch (then the second run feeds 2 there). */
  freeBatch: boolean;
}

export interface Probed {
  shape: Shape;
  dtype: string;
}

/** Runs a model once (or twice) to size the tensors static inference could not: the runtime side is a ShapeProber. */
export type ShapeProber = (
  model: ModelProto,
  tensors: readonly string[],
  types: ReadonlyMap<string, TensorType>,
  inputs: ReadonlyMap<string, ProbeInput>,
) => Promise<Map<string, Probed>>;

/** The model with the tensors to size added as graph outputs, ready for a probing run. */
export function withProbeOutputs(model: ModelProto, tensors: readonly string[], types: ReadonlyMap<string, TensorType>): ModelProto {
  const graph = model.graph!;
  const existing = new Set(graph.output.map((o) => o.name));
  const extra = tensors.filter((t) => !existing.has(t)).map((name) => {
    const elemType = types.get(name)?.elemType ?? 0;
    if (!elemType) return create(ValueInfoProtoSchema, { name }); // onnxruntime infers the type itself
    const tensorType = create(TypeProto_TensorSchema, { elemType });
    return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
  });
  return shallowCopy(model, { graph: shallowCopy(graph, { output: [...graph.output, ...extra] }) });
}

/** Shapes from a batch-1 run and, where the batch is free, a batch-2 run (absent when that run failed). */
export function probedShapes(
  one: ReadonlyMap<string, { dims: number[]; dtype: string }>,
  two: ReadonlyMap<string, { dims: number[]; dtype: string }> | undefined,
): Map<string, Probed> {
  const result = new Map<string, Probed>();
  for (const [name, p] of one) result.set(name, { shape: shapeFromProbes(p.dims, two?.get(name)?.dims), dtype: p.dtype });
  return result;
}

export function hasFreeBatch(inputs: ReadonlyMap<string, ProbeInput>): boolean {
  return [...inputs.values()].some((i) => i.freeBatch);
}

/** Deterministic feeds for a probing run at a batch size. */
export function feedsAt(graph: GraphProto, inputs: ReadonlyMap<string, ProbeInput>, batch: number): Record<string, HostTensor> {
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const feeds: Record<string, HostTensor> = {};
  for (const v of graph.input) {
    if (initializers.has(v.name)) continue;
    const t = shapeFromValueInfo(v);
    const dtype = t ? onnxToDType(t.elemType) : undefined;
    const plan = inputs.get(v.name);
    if (!dtype || !plan) throw badInput(`Cannot feed input '${v.name}' for the probing run: its type or shape is not declared.`, { tensor: v.name });
    const dims = plan.freeBatch ? [batch, ...plan.dims.slice(1)] : plan.dims;
    feeds[v.name] = probeInput(v.name, dtype, dims);
  }
  return feeds;
}

/** Deterministic, non-degenerate values: floats in [-1, 1), integers 0. */
function probeInput(name: string, dtype: NumericDType, dims: number[]): HostTensor {
  const n = numel(dims);
  if (n > MAX_PROBE_ELEMENTS) throw badInput(`Input '${name}' of shape ${formatShape(dims)} is too large to probe.`, { tensor: name, shape: dims });
  const data = dtypeInfo(dtype).make(n);
  if (data instanceof Float32Array || data instanceof Float64Array) {
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      data[i] = s / 2 ** 31 - 1;
    }
  }
  return { dtype, dims, data };
}
