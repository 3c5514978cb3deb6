/**
 * Model analysis: every intermediate tensor with its producer, type, shape (static inference, else one probing run
 * through onnxruntime), spatial size and sampling distance; graph inputs classified; readable names and aliases.
 */
import { create } from '@bufbuild/protobuf';
import { TypeProtoSchema, TypeProto_TensorSchema, ValueInfoProtoSchema, type GraphProto, type ModelProto } from './gen/onnx_pb';
import type { GraphInputInfo, LayerInfo, ModelAnalysis, ModelKind, ModelSummary } from '../protocol/model';
import { readModel } from './io';
import { onnxToDType, onnxTypeName } from './dtype';
import { inferShapes, shapeFromValueInfo, type Dim, type Shape, type TensorType } from './shapes';
import { nameLayers } from './names';
import { classifyInput, isImageLike, modelKind, type TypedValue } from './roles';
import { shallowCopy } from './copy';
import { validateModel } from './validate';
import { numel, type HostTensor } from './tensor';
import { dtypeInfo } from './dtype';
import { openSession, type SessionOptions } from '../runtime/session';
import { badInput, errorMessage, formatShape } from '../util/errors';

export const DEFAULT_INPUT_SIZE = 224;
/** A probing input larger than this (elements) means a damaged shape, not a real image. */
const MAX_PROBE_ELEMENTS = 2 ** 28;

export interface AnalyzeOptions {
  /** [H, W] at which to analyse the image input; default: its static size, else 224×224. */
  inputSize?: [number, number];
  /** Run onnxruntime once for tensors static inference could not size (default true). */
  probe?: boolean;
  /** Shown in messages and the summary when the model is given as a ModelProto. */
  file?: string;
  session?: SessionOptions;
}

/** Analyses a model file or a parsed model. */
export async function analyzeModel(source: string | ModelProto, options: AnalyzeOptions = {}): Promise<ModelAnalysis> {
  const file = typeof source === 'string' ? source : options.file ?? '<memory>';
  const model = typeof source === 'string' ? readModel(source) : source;
  validateModel(model, file);
  const graph = model.graph!;
  const plan = inputPlan(graph, options.inputSize, file);
  const types = inferShapes(graph, { inputShapes: plan.shapes, useValueInfo: !plan.changed });

  const naming = nameLayers(graph.node, graph.output.map((o) => o.name));
  const layers: LayerInfo[] = [];
  const sources = new Map<string, LayerInfo['shapeSource']>();
  for (const n of graph.node) {
    if (n.opType === 'Constant') continue;
    for (const t of n.output) {
      if (!t) continue;
      const type = types.get(t);
      const shape = type?.shape ?? null;
      sources.set(t, shape ? 'static' : 'unknown');
      layers.push({
        tensor: t,
        name: naming.nameOf.get(t) ?? t,
        aliases: naming.aliasesOf.get(t) ?? [],
        op: n.domain ? `${n.domain}.${n.opType}` : n.opType,
        node: n.name,
        dtype: type?.elemType ? onnxTypeName(type.elemType) : 'unknown',
        shape,
        spatial: null,
        samplingDistance: null,
        shapeSource: shape ? 'static' : 'unknown',
      });
    }
  }

  const warnings: string[] = [];
  const unknown = layers.filter((l) => !l.shape || l.dtype === 'unknown');
  if (unknown.length > 0 && options.probe !== false) {
    try {
      const probed = await probe(model, graph, unknown.map((l) => l.tensor), types, plan.probeShapes, options.session);
      for (const l of unknown) {
        const p = probed.get(l.tensor);
        if (!p) continue;
        l.shape = p.dims;
        l.dtype = p.dtype;
        l.shapeSource = 'probe';
        types.set(l.tensor, { elemType: types.get(l.tensor)?.elemType ?? 0, shape: p.dims });
      }
    } catch (e) {
      warnings.push(`Probing run failed, ${unknown.length} tensor shapes stay unknown: ${errorMessage(e).split('\n')[0]}`);
    }
  }

  const inputs: GraphInputInfo[] = plan.inputs.map((v) => ({
    name: v.name,
    dtype: onnxTypeName(v.elemType),
    shape: v.shape ?? [],
    role: classifyInput(v),
  }));
  const outputs: TypedValue[] = graph.output.map((o) => {
    const t = types.get(o.name) ?? shapeFromValueInfo(o);
    return { name: o.name, elemType: t?.elemType ?? 0, shape: t?.shape ?? null };
  });
  const kind = modelKind(inputs.map((i) => i.role), outputs);
  assignSampling(layers, kind, plan.inputs.find((v) => classifyInput(v) === 'image'), outputs.find(isImageLike));

  const summary: ModelSummary = {
    file,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    irVersion: Number(model.irVersion),
    opsets: model.opsetImport.map((o) => ({ domain: o.domain || 'ai.onnx', version: Number(o.version) })),
    kind,
    inputs,
    outputs: outputs.map((o) => ({ name: o.name, dtype: o.elemType ? onnxTypeName(o.elemType) : 'unknown', shape: o.shape })),
    initializerCount: graph.initializer.length,
    parameterCount: graph.initializer.reduce((s, t) => s + numel(t.dims.map(Number)), 0),
    nodeCount: graph.node.length,
    opCounts: countOps(graph),
  };
  const analysis: ModelAnalysis = { summary, layers };
  if (warnings.length) analysis.warnings = warnings;
  return analysis;
}

interface InputPlan {
  /** Graph inputs that are not initializers, with the shapes used for the analysis. */
  inputs: TypedValue[];
  /** Shape overrides for inference. */
  shapes: Map<string, Shape>;
  /** Concrete shapes for the probing run (symbolic dims → 1). */
  probeShapes: Map<string, number[]>;
  /** Whether an override differs from the declared shape (then value_info no longer applies). */
  changed: boolean;
}

function inputPlan(graph: GraphProto, inputSize: [number, number] | undefined, file: string): InputPlan {
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const inputs: TypedValue[] = [];
  const shapes = new Map<string, Shape>();
  const probeShapes = new Map<string, number[]>();
  let changed = false;
  if (inputSize && !inputSize.every((d) => Number.isInteger(d) && d > 0 && d <= 16384)) {
    throw badInput(`Input size ${formatShape(inputSize)} is not a valid image size.`, { file, hint: 'Give two positive integers, e.g. --input-size 224,224.' });
  }
  for (const v of graph.input) {
    if (initializers.has(v.name)) continue;
    const declared = shapeFromValueInfo(v);
    const value: TypedValue = { name: v.name, elemType: declared?.elemType ?? 0, shape: declared?.shape ?? null };
    if (value.shape && classifyInput(value) === 'image') {
      const [n, c, h, w] = value.shape as [Dim, Dim, Dim, Dim];
      const hw: [number, number] = inputSize ?? [typeof h === 'number' ? h : DEFAULT_INPUT_SIZE, typeof w === 'number' ? w : DEFAULT_INPUT_SIZE];
      const shape: Shape = [n, c, hw[0], hw[1]];
      if (shape.some((d, i) => d !== value.shape![i])) changed = true;
      value.shape = shape;
      shapes.set(v.name, shape);
    }
    const image = value.shape?.length === 4 && classifyInput(value) === 'image';
    if (value.shape) probeShapes.set(v.name, value.shape.map((d, i) => (typeof d === 'number' ? d : image && i === 1 ? 3 : 1)));
    inputs.push(value);
  }
  return { inputs, shapes, probeShapes, changed };
}

/** One run with every unknown tensor added as a graph output. */
async function probe(
  model: ModelProto,
  graph: GraphProto,
  tensors: string[],
  types: Map<string, TensorType>,
  shapes: Map<string, number[]>,
  session: SessionOptions | undefined,
): Promise<Map<string, { dims: number[]; dtype: string }>> {
  const existing = new Set(graph.output.map((o) => o.name));
  const extra = tensors.filter((t) => !existing.has(t)).map((name) => {
    const elemType = types.get(name)?.elemType ?? 0;
    if (!elemType) return create(ValueInfoProtoSchema, { name }); // onnxruntime infers the type itself
    const tensorType = create(TypeProto_TensorSchema, { elemType });
    return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
  });
  const probeGraph = shallowCopy(graph, { output: [...graph.output, ...extra] });
  const probeModel = shallowCopy(model, { graph: probeGraph });
  const feeds: Record<string, HostTensor> = {};
  for (const v of graph.input) {
    if (graph.initializer.some((t) => t.name === v.name)) continue;
    const t = shapeFromValueInfo(v);
    const dtype = t ? onnxToDType(t.elemType) : undefined;
    const dims = shapes.get(v.name);
    if (!dtype || !dims) throw badInput(`Cannot feed input '${v.name}' for the probing run: its type or shape is not declared.`, { tensor: v.name });
    feeds[v.name] = probeInput(v.name, dtype, dims);
  }
  // Sessions are cached and shared: not released here.
  const s = await openSession(probeModel, { ...session, optimization: 'disabled' });
  const out = await s.run(feeds, tensors);
  const result = new Map<string, { dims: number[]; dtype: string }>();
  for (const [name, t] of Object.entries(out)) result.set(name, { dims: t.dims, dtype: t.dtype });
  return result;
}

/** Deterministic, non-degenerate values: floats in [-1, 1), integers 0. */
function probeInput(name: string, dtype: NonNullable<ReturnType<typeof onnxToDType>>, dims: number[]): HostTensor {
  const n = numel(dims);
  if (n > MAX_PROBE_ELEMENTS) throw badInput(`Input '${name}' of shape ${formatShape(dims)} is too large to probe.`, { tensor: name, shape: dims });
  const data = dtypeInfo(dtype).make(n);
  if (data instanceof Float32Array || data instanceof Float64Array) {
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      data[i] = (s / 2 ** 31) - 1;
    }
  }
  return { dtype, dims, data };
}

function assignSampling(layers: LayerInfo[], kind: ModelKind, image: TypedValue | undefined, output: TypedValue | undefined): void {
  const ref = kind === 'extractor' ? image?.shape : kind === 'generator' ? output?.shape : undefined;
  const refHW = ref && typeof ref[2] === 'number' && typeof ref[3] === 'number' ? [ref[2], ref[3]] : undefined;
  for (const l of layers) {
    if (!l.shape || l.shape.length !== 4 || typeof l.shape[2] !== 'number' || typeof l.shape[3] !== 'number') continue;
    l.spatial = [l.shape[2], l.shape[3]];
    if (!refHW || l.spatial[0] <= 0 || l.spatial[1] <= 0) continue;
    // Extractors: down-samplings from the input; generators: up-samplings still to come before the output.
    const ratio = Math.sqrt((refHW[0]! / l.spatial[0]) * (refHW[1]! / l.spatial[1]));
    l.samplingDistance = Math.round(Math.log2(ratio)) || 0;
  }
}

function countOps(graph: GraphProto): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of graph.node) counts[n.opType] = (counts[n.opType] ?? 0) + 1;
  return counts;
}
export { resolveLayer, findLayer, closeMatches } from './resolve';
