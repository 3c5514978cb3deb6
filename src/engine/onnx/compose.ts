/**
 * Joins models and new nodes into one model. Each part's names get a prefix, so names never collide; new nodes and
 * `connect` refer to part tensors by their prefixed names. Typical stitch:
 *
 *   compose({
 *     parts: [{ model: cut(extractor, a), prefix: 'x/' }, { model: inject(generator, b), prefix: 'g/' }],
 *     nodes: [conv1x1('x/' + a → 's/conv'), resize('s/conv' → 's/resized')],
 *     initializers: [weight, bias],
 *     connect: { ['g/' + b]: 's/resized' },
 *   })
 *
 * Inputs of the result: every part input that is neither connected nor produced by a new node, plus `inputs`.
 * Outputs: `outputs` if given, else the outputs of the last part. Nodes nothing needs are dropped.
 */
import { create } from '@bufbuild/protobuf';
import {
  GraphProtoSchema,
  OperatorSetIdProtoSchema,
  type AttributeProto,
  type FunctionProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './gen/onnx_pb';
import { shallowCopy } from './copy';
import { neededNodes, readsOf, topologicalSort, typedValueInfo } from './graph';
import { externalDataBase, setExternalDataBase } from './io';
import { inferShapes } from './shapes/index';
import { badInput } from '../util/errors';

export interface ComposePart {
  model: ModelProto;
  /** Prepended to every tensor and node name of this part ('' keeps names; then they must not collide). */
  prefix: string;
}

export interface ComposeSpec {
  parts: ComposePart[];
  /** New nodes; they read and write prefixed part tensors and their own names. */
  nodes?: NodeProto[];
  initializers?: TensorProto[];
  /** Extra graph inputs read by new nodes (e.g. a seed). */
  inputs?: ValueInfoProto[];
  /** Part input (prefixed) → the tensor that feeds it. The input disappears; its readers read the source. */
  connect?: Record<string, string>;
  /** Graph outputs (prefixed names); default: the last part's outputs. */
  outputs?: string[];
  name?: string;
}

/** Renames every tensor and node of a model's graph with a prefix (subgraphs included). */
export function prefixModel(m: ModelProto, prefix: string): ModelProto {
  if (!m.graph) throw badInput('Cannot compose a model without a graph.');
  const out = shallowCopy(m, { graph: prefixGraph(m.graph, prefix) });
  const base = externalDataBase(m);
  if (base) setExternalDataBase(out, base);
  return out;
}

function prefixGraph(g: GraphProto, prefix: string): GraphProto {
  if (!prefix) return g;
  const p = (s: string): string => (s ? prefix + s : s);
  const vi = (v: ValueInfoProto): ValueInfoProto => shallowCopy(v, { name: p(v.name) });
  const tensor = (t: TensorProto): TensorProto => shallowCopy(t, { name: p(t.name) });
  const attribute = (a: AttributeProto): AttributeProto =>
    a.g || a.graphs.length ? shallowCopy(a, { g: a.g ? prefixGraph(a.g, prefix) : a.g, graphs: a.graphs.map((s) => prefixGraph(s, prefix)) }) : a;
  return shallowCopy(g, {
    node: g.node.map((n) => shallowCopy(n, { name: p(n.name), input: n.input.map(p), output: n.output.map(p), attribute: n.attribute.map(attribute) })),
    input: g.input.map(vi),
    output: g.output.map(vi),
    valueInfo: g.valueInfo.map(vi),
    initializer: g.initializer.map(tensor),
    sparseInitializer: g.sparseInitializer.map((s) =>
      shallowCopy(s, { values: s.values && tensor(s.values), indices: s.indices && tensor(s.indices) }),
    ),
    quantizationAnnotation: g.quantizationAnnotation.map((q) => shallowCopy(q, { tensorName: p(q.tensorName) })),
  });
}

function renameReads(n: NodeProto, rename: ReadonlyMap<string, string>): NodeProto {
  if (!n.input.some((t) => rename.has(t))) return n;
  return shallowCopy(n, { input: n.input.map((t) => rename.get(t) ?? t) });
}

export function compose(spec: ComposeSpec): ModelProto {
  if (spec.parts.length === 0) throw badInput('compose needs at least one model.');
  const parts = spec.parts.map((part) => prefixModel(part.model, part.prefix));
  const graphs = parts.map((m) => m.graph!);
  const connect = new Map(Object.entries(spec.connect ?? {}));
  const newNodes = spec.nodes ?? [];

  // Names must be unique across parts and new nodes.
  const definedBy = new Map<string, string>();
  const define = (name: string, where: string): void => {
    if (!name) return;
    const prev = definedBy.get(name);
    if (prev && prev !== where) {
      throw badInput(`compose: tensor '${name}' is defined by both ${prev} and ${where}.`, {
        tensor: name,
        hint: 'Give the parts different prefixes, or rename the new nodes\' outputs.',
      });
    }
    definedBy.set(name, where);
  };
  graphs.forEach((g, i) => {
    const where = `part ${i} (prefix '${spec.parts[i]!.prefix}')`;
    for (const n of g.node) n.output.forEach((o) => define(o, where));
    for (const t of g.initializer) define(t.name, where);
  });
  for (const n of newNodes) n.output.forEach((o) => define(o, 'the new nodes'));
  for (const t of spec.initializers ?? []) define(t.name, 'the new initializers');

  const newOutputs = new Set(newNodes.flatMap((n) => n.output));
  const allInputs = graphs.flatMap((g) => {
    const inits = new Set(g.initializer.map((t) => t.name));
    return g.input.filter((v) => !inits.has(v.name));
  });
  for (const key of connect.keys()) {
    if (!allInputs.some((v) => v.name === key)) {
      throw badInput(`compose: '${key}' in connect is not an input of any part.`, {
        tensor: key,
        hint: `Part inputs: ${allInputs.map((v) => v.name).join(', ')}.`,
      });
    }
  }
  const inputs: ValueInfoProto[] = [];
  const seenInputs = new Set<string>();
  for (const v of [...allInputs, ...(spec.inputs ?? [])]) {
    if (connect.has(v.name) || newOutputs.has(v.name) || seenInputs.has(v.name)) continue;
    seenInputs.add(v.name);
    inputs.push(v);
  }
  // An input produced by a new node is simply no longer an input; connected inputs are renamed to their source.
  const nodes = [...graphs.flatMap((g) => g.node), ...newNodes].map((n) => renameReads(n, connect));
  const initializers = [...graphs.flatMap((g) => g.initializer), ...(spec.initializers ?? [])];
  const available = new Set([...inputs.map((v) => v.name), ...initializers.map((t) => t.name)]);
  const sorted = topologicalSort(nodes, available);

  const outputNames = (spec.outputs ?? graphs[graphs.length - 1]!.output.map((o) => o.name)).map((o) => connect.get(o) ?? o);
  const draft = create(GraphProtoSchema, { name: spec.name ?? 'composed', node: sorted, input: inputs, initializer: initializers });
  for (const o of outputNames) {
    if (!available.has(o) && !sorted.some((n) => n.output.includes(o))) {
      throw badInput(`compose: output '${o}' is not produced by any part or new node.`, { tensor: o });
    }
  }
  const declared = new Map(graphs.flatMap((g) => [...g.output, ...g.valueInfo]).map((v) => [v.name, v]));
  const types = inferShapes(draft);
  const outputs = outputNames.map((o) => declared.get(o) ?? typedValueInfo(o, types.get(o)?.elemType ?? 0, types.get(o)?.shape));
  const keep = neededNodes(draft, outputNames).map((i) => sorted[i]!);
  const reads = readsOf(keep);
  outputNames.forEach((o) => reads.add(o));
  const produced = new Set(keep.flatMap((n) => n.output));
  const graph = create(GraphProtoSchema, {
    name: spec.name ?? 'composed',
    node: keep,
    input: inputs.filter((v) => reads.has(v.name)),
    output: outputs,
    initializer: initializers.filter((t) => reads.has(t.name)),
    sparseInitializer: graphs.flatMap((g) => g.sparseInitializer).filter((s) => s.values && reads.has(s.values.name)),
    // Part outputs that became internal keep their declared types: later passes (autodiff) need their ranks.
    valueInfo: graphs.flatMap((g) => [...g.valueInfo, ...g.output]).filter((v) => produced.has(v.name) && !outputNames.includes(v.name)),
  });
  const model = shallowCopy(parts[0]!, {
    irVersion: parts.reduce((v, m) => (m.irVersion > v ? m.irVersion : v), 0n),
    producerName: 'gan-lens',
    producerVersion: '',
    opsetImport: mergeOpsets(parts),
    functions: mergeFunctions(parts),
    metadataProps: [],
    graph,
  });
  const bases = new Set(parts.map((m) => externalDataBase(m)).filter((b): b is string => !!b));
  if (bases.size > 1) {
    throw badInput('compose: the parts keep external data in different folders.', {
      hint: 'Open the models with external data inlined (models under 1.5 GB are by default), or save them in one folder.',
    });
  }
  if (bases.size === 1) setExternalDataBase(model, [...bases][0]);
  return model;
}

function mergeOpsets(parts: ModelProto[]): ModelProto['opsetImport'] {
  const versions = new Map<string, bigint>();
  for (const m of parts) {
    for (const o of m.opsetImport) {
      const domain = o.domain === 'ai.onnx' ? '' : o.domain;
      const prev = versions.get(domain);
      if (prev !== undefined && prev !== o.version) {
        throw badInput(`compose: the models use different opset versions of domain '${domain || 'ai.onnx'}' (${prev} and ${o.version}).`, {
          hint: 'Export both models with the same opset (torch.onnx.export(..., opset_version=17)).',
        });
      }
      versions.set(domain, o.version);
    }
  }
  return [...versions].map(([domain, version]) => create(OperatorSetIdProtoSchema, { domain, version }));
}

function mergeFunctions(parts: ModelProto[]): FunctionProto[] {
  const seen = new Set<string>();
  const out: FunctionProto[] = [];
  for (const f of parts.flatMap((m) => m.functions)) {
    const key = `${f.domain}::${f.name}::${f.overload}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
