/**
 * Model analysis: every intermediate tensor with its producer, type, shape (static inference with the batch as N, else
 * probing runs through onnxruntime; see dims.ts), spatial size and sampling distance; graph inputs classified;
 * readable names and aliases; weight copies marked constant.
 */
import type { GraphProto, ModelProto } from './gen/onnx_pb';
import type { GraphInputInfo, LayerInfo, ModelAnalysis, ModelKind, ModelSummary } from '../../protocol/model';
import { readModel } from './io';
import { onnxTypeName } from './dtype';
import { inferShapes, shapeFromValueInfo, type Dim, type Shape } from './shapes/index';
import { nameLayers } from './names';
import { classifyInput, isImageLike, modelKind, type TypedValue } from './roles';
import { validateModel } from './validate';
import { numel } from './tensor';
import { BATCH, hideSymbols, isResolved } from './dims';
import type { ProbeInput, ShapeProber } from './probe';
import { constantTensors } from './constants';
import { aliasBlockFeatures } from './block-aliases';
import { badInput, errorMessage, formatShape } from '../util/errors';

const DEFAULT_INPUT_SIZE = 224;

export interface AnalyzeOptions {
  /** [H, W] at which to analyse the image input; default: its static size, else 224×224. */
  inputSize?: [number, number];
  /** Sizes tensors static inference could not (model/analyze.ts passes onnxruntime's); without one they stay unknown. */
  prober?: ShapeProber;
  /** Shown in messages and the summary when the model is given as a ModelProto. */
  file?: string;
}

/** Analyses a model file or a parsed model. */
export async function analyzeGraph(source: string | ModelProto, options: AnalyzeOptions = {}): Promise<ModelAnalysis> {
  const file = typeof source === 'string' ? source : options.file ?? '<memory>';
  const model = typeof source === 'string' ? readModel(source) : source;
  validateModel(model, file);
  const graph = model.graph!;
  const plan = inputPlan(graph, options.inputSize, file);
  const types = inferShapes(graph, { inputShapes: plan.shapes, useValueInfo: !plan.changed, renameSymbol: (d) => (plan.batchSymbols.has(d) ? BATCH : d) });
  const constants = constantTensors(graph);

  const naming = nameLayers(graph.node, graph.output.map((o) => o.name));
  const layers: LayerInfo[] = [];
  for (const n of graph.node) {
    if (n.opType === 'Constant') continue;
    for (const t of n.output) {
      if (!t) continue;
      const type = types.get(t);
      const shape = isResolved(type?.shape) ? type.shape : null;
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
        ...(constants.has(t) ? { constant: true } : {}),
      });
    }
  }

  const warnings: string[] = [];
  // Symbolic sizes other than the batch (an exporter's `Addimage_dim_2`) count as unknown: a probing run sizes them.
  const unknown = layers.filter((l) => !l.shape || l.dtype === 'unknown');
  if (unknown.length > 0 && options.prober) {
    try {
      const probed = await options.prober(model, unknown.map((l) => l.tensor), types, plan.probe);
      for (const l of unknown) {
        const p = probed.get(l.tensor);
        if (!p) continue;
        l.shape = p.shape;
        l.dtype = p.dtype;
        l.shapeSource = 'probe';
        types.set(l.tensor, { elemType: types.get(l.tensor)?.elemType ?? 0, shape: p.shape });
      }
    } catch (e) {
      warnings.push(`Probing run failed, ${unknown.length} tensor shapes stay unknown: ${errorMessage(e).split('\n')[0]}`);
    }
  }
  for (const l of layers) {
    if (l.shape) continue;
    const partial = types.get(l.tensor)?.shape;
    if (partial) l.shape = hideSymbols(partial);
  }

  const inputs: GraphInputInfo[] = plan.inputs.map((v) => ({
    name: v.name,
    dtype: onnxTypeName(v.elemType),
    shape: hideSymbols(v.shape ?? []),
    role: classifyInput(v),
  }));
  const outputs: TypedValue[] = graph.output.map((o) => {
    const t = types.get(o.name) ?? shapeFromValueInfo(o);
    return { name: o.name, elemType: t?.elemType ?? 0, shape: t?.shape ? hideSymbols(t.shape) : null };
  });
  const kind = modelKind(inputs.map((i) => i.role), outputs);
  assignSampling(layers, kind, plan.inputs.find((v) => classifyInput(v) === 'image'), outputs.find(isImageLike));
  aliasBlockFeatures(layers, naming.aliasTarget, naming.leaving);

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
  /** Graph inputs that are not initializers, with the shapes used for the analysis (batch renamed to N). */
  inputs: TypedValue[];
  /** Shape overrides for inference. */
  shapes: Map<string, Shape>;
  /** Concrete shapes for the probing runs (symbolic dims → 1, image channels → 3). */
  probe: Map<string, ProbeInput>;
  /** The exporter's names for the batch dimension. */
  batchSymbols: Set<string>;
  /** Whether an image size differs from the declared one (then value_info no longer applies). */
  changed: boolean;
}

function inputPlan(graph: GraphProto, inputSize: [number, number] | undefined, file: string): InputPlan {
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const inputs: TypedValue[] = [];
  const shapes = new Map<string, Shape>();
  const probe = new Map<string, ProbeInput>();
  const batchSymbols = new Set<string>();
  let changed = false;
  if (inputSize && !inputSize.every((d) => Number.isInteger(d) && d > 0 && d <= 16384)) {
    throw badInput(`Input size ${formatShape(inputSize)} is not a valid image size.`, { file, hint: 'Give two positive integers, e.g. --input-size 224,224.' });
  }
  for (const v of graph.input) {
    if (initializers.has(v.name)) continue;
    const declared = shapeFromValueInfo(v);
    const value: TypedValue = { name: v.name, elemType: declared?.elemType ?? 0, shape: declared?.shape ? [...declared.shape] : null };
    const freeBatch = !!value.shape && value.shape.length > 0 && typeof value.shape[0] === 'string';
    if (freeBatch) {
      batchSymbols.add(value.shape![0] as string);
      value.shape![0] = BATCH;
    }
    const image = value.shape?.length === 4 && classifyInput(value) === 'image';
    if (image) {
      const [n, c, h, w] = value.shape as [Dim, Dim, Dim, Dim];
      const hw: [number, number] = inputSize ?? [typeof h === 'number' ? h : DEFAULT_INPUT_SIZE, typeof w === 'number' ? w : DEFAULT_INPUT_SIZE];
      if (hw[0] !== h || hw[1] !== w) changed = true;
      value.shape = [n, c, hw[0], hw[1]];
    }
    if (value.shape) {
      shapes.set(v.name, value.shape);
      probe.set(v.name, { dims: value.shape.map((d, i) => (typeof d === 'number' ? d : image && i === 1 ? 3 : 1)), freeBatch });
    }
    inputs.push(value);
  }
  return { inputs, shapes, probe, batchSymbols, changed };
}

function assignSampling(layers: LayerInfo[], kind: ModelKind, image: TypedValue | undefined, output: TypedValue | undefined): void {
  const ref = kind === 'extractor' ? image?.shape : kind === 'generator' ? output?.shape : undefined;
  const refHW = ref && typeof ref[2] === 'number' && typeof ref[3] === 'number' ? [ref[2], ref[3]] : undefined;
  for (const l of layers) {
    // a 4-D weight copy ([64, 3, 7, 7]) is no feature map
    if (l.constant || !l.shape || l.shape.length !== 4 || typeof l.shape[2] !== 'number' || typeof l.shape[3] !== 'number') continue;
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
