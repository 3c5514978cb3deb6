/** Graph topology: what a node reads (including through subgraphs), which nodes a set of tensors needs, topological order. */
import { create } from '@bufbuild/protobuf';
import { TensorShapeProtoSchema, TensorShapeProto_DimensionSchema, TypeProtoSchema, TypeProto_TensorSchema, ValueInfoProtoSchema, type GraphProto, type ModelProto, type NodeProto, type ValueInfoProto } from './gen/onnx_pb';
import { shallowCopy } from './copy';
import { externalDataBase, setExternalDataBase } from './io';
import type { Shape } from './shapes/index';
import { internalError } from '../util/errors';

/** Tensors a subgraph reads from the enclosing scope. */
function outerReferences(g: GraphProto): string[] {
  const local = new Set<string>([...g.input.map((i) => i.name), ...g.initializer.map((t) => t.name)]);
  const refs: string[] = [];
  for (const n of g.node) {
    for (const t of nodeReads(n)) if (t && !local.has(t)) refs.push(t);
    for (const o of n.output) local.add(o);
  }
  return refs;
}

/** Every tensor a node reads: its inputs and what its subgraphs (If/Loop/Scan bodies) take from outside. */
export function nodeReads(n: NodeProto): string[] {
  const reads = n.input.filter((t) => t !== '');
  for (const a of n.attribute) {
    if (a.g) reads.push(...outerReferences(a.g));
    for (const g of a.graphs) reads.push(...outerReferences(g));
  }
  return reads;
}

/** Indices of the nodes needed to compute `targets`, treating `sources` as given. Sorted in graph order. */
export function neededNodes(graph: GraphProto, targets: Iterable<string>, sources: ReadonlySet<string> = new Set()): number[] {
  const producer = new Map<string, number>();
  graph.node.forEach((n, i) => n.output.forEach((o) => o && producer.set(o, i)));
  const needed = new Set<number>();
  const stack = [...targets];
  const seen = new Set<string>();
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t) || sources.has(t)) continue;
    seen.add(t);
    const i = producer.get(t);
    if (i === undefined || needed.has(i)) continue;
    needed.add(i);
    stack.push(...nodeReads(graph.node[i]!));
  }
  return [...needed].sort((a, b) => a - b);
}

/** Tensors read by the given nodes. */
export function readsOf(nodes: readonly NodeProto[]): Set<string> {
  const s = new Set<string>();
  for (const n of nodes) for (const t of nodeReads(n)) s.add(t);
  return s;
}

/** Kahn's algorithm, stable with respect to the given order. Throws when a read is never produced. */
export function topologicalSort(nodes: readonly NodeProto[], available: ReadonlySet<string>): NodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.output.forEach((o) => o && producer.set(o, i)));
  const deps = nodes.map((n) => new Set(nodeReads(n).filter((t) => !available.has(t)).map((t) => {
    const p = producer.get(t);
    if (p === undefined) throw internalError(`Node '${n.name}' (${n.opType}) reads '${t}', which no node, input or initializer provides.`, { node: n.name, tensor: t });
    return p;
  })));
  const users = nodes.map(() => [] as number[]);
  deps.forEach((d, i) => d.forEach((p) => users[p]!.push(i)));
  const remaining = deps.map((d) => d.size);
  const ready = remaining.map((r, i) => (r === 0 ? i : -1)).filter((i) => i >= 0);
  const out: NodeProto[] = [];
  // ready is kept sorted so the result follows the original order wherever the dependencies allow
  while (ready.length) {
    const i = ready.shift()!;
    out.push(nodes[i]!);
    for (const u of users[i]!) {
      if (--remaining[u]! === 0) {
        const at = ready.findIndex((r) => r > u);
        ready.splice(at < 0 ? ready.length : at, 0, u);
      }
    }
  }
  if (out.length !== nodes.length) throw internalError('The graph has a cycle.');
  return out;
}

/** A value info with element type and, when known, shape (symbolic dims kept as names). */
export function typedValueInfo(name: string, elemType: number, shape: Shape | null | undefined): ValueInfoProto {
  if (!elemType) return create(ValueInfoProtoSchema, { name });
  const tensorType = create(TypeProto_TensorSchema, { elemType });
  if (shape) {
    tensorType.shape = create(TensorShapeProtoSchema, {
      dim: shape.map((d) =>
        create(TensorShapeProto_DimensionSchema, { value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d } }),
      ),
    });
  }
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}

/** A model sharing everything with `m` but the graph; keeps the folder of on-disk external data. */
export function withGraph(m: ModelProto, graph: GraphProto): ModelProto {
  const out = shallowCopy(m, { graph });
  const base = externalDataBase(m);
  if (base) setExternalDataBase(out, base);
  return out;
}
