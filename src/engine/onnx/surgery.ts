/**
 * Graph surgery. cut: the sub-model computing some tensors. inject: the model with a tensor replaced by a new graph
 * input. Together they split a model exactly: running inject(m, t) on the output of cut(m, t) equals running m.
 */
import type { GraphProto, ModelProto, NodeProto } from './gen/onnx_pb';
import { shallowCopy } from './copy';
import { neededNodes, readsOf, typedValueInfo, withGraph } from './graph';
import { inferShapes, type TensorType } from './shapes/index';
import { badInput } from '../util/errors';

export { compose, prefixModel, type ComposePart, type ComposeSpec } from './compose';

function mainGraph(m: ModelProto, what: string): GraphProto {
  if (!m.graph) throw badInput(`Cannot ${what}: the model holds no graph.`);
  return m.graph;
}

function list(t: string | readonly string[]): string[] {
  return typeof t === 'string' ? [t] : [...t];
}

function unknownTensor(graph: GraphProto, tensor: string, what: string): Error {
  return badInput(`Cannot ${what} at '${tensor}': no node of graph '${graph.name}' produces that tensor.`, {
    tensor,
    hint: 'Use a tensor name, readable name or alias listed by `gan-lens layers <model.onnx>` (resolve aliases first).',
  });
}

/** Graph inputs that are not initializers. */
function realInputs(graph: GraphProto): GraphProto['input'] {
  const inits = new Set(graph.initializer.map((t) => t.name));
  return graph.input.filter((i) => !inits.has(i.name));
}

/** The sub-model computing `tensors` (now its outputs): only the nodes, inputs and initializers they need. */
export function cut(m: ModelProto, tensors: string | readonly string[]): ModelProto {
  const graph = mainGraph(m, 'cut the model');
  const targets = list(tensors);
  const produced = new Set(graph.node.flatMap((n) => n.output));
  const inputs = new Set(realInputs(graph).map((i) => i.name));
  for (const t of targets) if (!produced.has(t) && !inputs.has(t)) throw unknownTensor(graph, t, 'cut the model');
  const nodes = neededNodes(graph, targets).map((i) => graph.node[i]!);
  const types = inferShapes(graph, { useValueInfo: true });
  const declaredOutputs = new Map(graph.output.map((o) => [o.name, o]));
  const outputs = targets.map((t) => declaredOutputs.get(t) ?? valueInfoFor(t, types.get(t)));
  return withGraph(m, subgraph(graph, nodes, new Set(targets), outputs));
}

export interface InjectOptions {
  /** Keep graph inputs that nothing reads any more (default: drop them, so callers feed only what matters). */
  keepUnusedInputs?: boolean;
}

/**
 * The model with `tensors` replaced by new graph inputs (first in the input list, same names). Other inputs that are
 * still read (latents, noise) are kept; nodes that only fed the replaced tensors are removed.
 */
export function inject(m: ModelProto, tensors: string | readonly string[], options: InjectOptions = {}): ModelProto {
  const graph = mainGraph(m, 'inject into the model');
  const targets = list(tensors);
  const producerOf = new Map<string, NodeProto>();
  for (const n of graph.node) for (const o of n.output) if (o) producerOf.set(o, n);
  for (const t of targets) if (!producerOf.has(t)) throw unknownTensor(graph, t, 'inject');
  const types = inferShapes(graph, { useValueInfo: true });
  const newInputs = targets.map((t) => {
    const type = types.get(t);
    if (!type?.elemType) {
      throw badInput(`Cannot inject at '${t}': its element type cannot be inferred.`, {
        tensor: t,
        hint: 'Run the model through onnx.shape_inference and save it again, or pick a neighbouring layer.',
      });
    }
    return valueInfoFor(t, type);
  });
  // Producers keep running when another of their outputs is still needed: the replaced output gets a private name.
  const replaced = new Set(targets);
  const renamed = graph.node.map((n) =>
    n.output.some((o) => replaced.has(o)) ? shallowCopy(n, { output: n.output.map((o) => (replaced.has(o) ? `${o}__replaced` : o)) }) : n,
  );
  const g = shallowCopy(graph, { node: renamed });
  const outputs = graph.output.map((o) => o.name);
  const nodes = neededNodes(g, outputs, replaced).map((i) => renamed[i]!);
  return withGraph(m, subgraph(g, nodes, new Set(outputs), graph.output, newInputs, options.keepUnusedInputs));
}

function valueInfoFor(name: string, type: TensorType | undefined): ReturnType<typeof typedValueInfo> {
  return typedValueInfo(name, type?.elemType ?? 0, type?.shape);
}

/** A graph with the given nodes; inputs/initializers/value_info narrowed to what they read and produce. */
function subgraph(
  graph: GraphProto,
  nodes: NodeProto[],
  outputNames: ReadonlySet<string>,
  outputs: GraphProto['output'],
  newInputs: GraphProto['input'] = [],
  keepUnusedInputs = false,
): GraphProto {
  const reads = readsOf(nodes);
  for (const o of outputNames) reads.add(o);
  const newNames = new Set(newInputs.map((i) => i.name));
  const produced = new Set(nodes.flatMap((n) => n.output));
  const inputs = [
    ...newInputs,
    ...graph.input.filter((i) => !newNames.has(i.name) && (reads.has(i.name) || (keepUnusedInputs && !produced.has(i.name)))),
  ];
  return shallowCopy(graph, {
    node: nodes,
    input: inputs,
    output: outputs,
    initializer: graph.initializer.filter((t) => reads.has(t.name)),
    sparseInitializer: graph.sparseInitializer.filter((s) => s.values && reads.has(s.values.name)),
    valueInfo: graph.valueInfo.filter((v) => produced.has(v.name) && !outputNames.has(v.name) && !newNames.has(v.name)),
    quantizationAnnotation: graph.quantizationAnnotation.filter((q) => produced.has(q.tensorName) || reads.has(q.tensorName)),
  });
}
