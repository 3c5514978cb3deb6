/**
 * Readable layer names. torch.onnx names nodes by module scope (`/layer1/layer1.2/relu_2/Relu`) and their outputs
 * `<node>_output_<k>`; this turns them into `layer1.2.relu_2` and adds module-level aliases (`layer1`, `layer1.2`):
 * the tensor that leaves the module last. Names from other exporters are kept as they are.
 */
import type { NodeProto } from './gen/onnx_pb';

export interface NodeScope {
  /** Cumulative module paths, outermost first: ['layer1', 'layer1.2', 'layer1.2.relu_2']. */
  modules: string[];
  /** Last segment of the node name: the op part (`Relu`, `Add_1`). */
  op: string;
}

/** Parses a torch.onnx scoped node name (`/layer1/layer1.2/relu_2/Relu`); null for other naming schemes. */
export function parseScope(nodeName: string): NodeScope | null {
  if (!nodeName.startsWith('/')) return null;
  const parts = nodeName.slice(1).split('/');
  if (parts.some((p) => p.length === 0)) return null;
  const op = parts.pop()!;
  const modules: string[] = [];
  let current = '';
  let previous = '';
  for (const seg of parts) {
    // torch names a Sequential's members `<sequential>.<index>` (`layer1.2` inside `layer1`, `downsample.0` inside
    // `downsample`): they extend the path instead of nesting under it.
    if (previous && seg.startsWith(`${previous}.`)) current += seg.slice(previous.length);
    else current = current ? `${current}.${seg}` : seg;
    previous = seg;
    modules.push(current);
  }
  return { modules, op };
}

export interface LayerNaming {
  /** tensor → readable name (the tensor name itself when the exporter did not scope it). */
  nameOf: Map<string, string>;
  /** readable name → tensor. */
  tensorOf: Map<string, string>;
  /** module alias → tensor: the last tensor produced inside the module that is used outside it. */
  aliasTarget: Map<string, string>;
  /** tensor → aliases other than its readable name. */
  aliasesOf: Map<string, string[]>;
  /** module → every tensor produced inside it and used outside it, in graph order. */
  leaving: Map<string, string[]>;
}

/** Names every node output of a graph. Nodes must be in topological order (as ONNX requires). */
export function nameLayers(nodes: readonly NodeProto[], graphOutputs: readonly string[]): LayerNaming {
  const scopes = nodes.map((n) => parseScope(n.name));
  const leafPath = (s: NodeScope | null): string => (s && s.modules.length ? s.modules[s.modules.length - 1]! : '');

  // How many non-constant ops sit directly in each module, and which modules have sub-modules.
  const directOps = new Map<string, number>();
  const hasChildren = new Set<string>();
  nodes.forEach((n, i) => {
    const s = scopes[i];
    if (!s) return;
    s.modules.slice(0, -1).forEach((m) => hasChildren.add(m));
    if (n.opType === 'Constant') return;
    const path = leafPath(s);
    directOps.set(path, (directOps.get(path) ?? 0) + 1);
  });

  const nameOf = new Map<string, string>();
  const tensorOf = new Map<string, string>();
  const assign = (tensor: string, name: string): void => {
    const free = !tensorOf.has(name) && (name === tensor || !isTensorName(name));
    const chosen = free ? name : tensor;
    nameOf.set(tensor, chosen);
    if (!tensorOf.has(chosen)) tensorOf.set(chosen, tensor);
  };
  const allTensors = new Set<string>(nodes.flatMap((n) => n.output));
  const isTensorName = (s: string): boolean => allTensors.has(s);

  nodes.forEach((n, i) => {
    const s = scopes[i];
    n.output.forEach((t, k) => {
      if (!t) return;
      if (!s || !isTorchOutputName(t, n.name, k)) {
        assign(t, t);
        return;
      }
      const path = leafPath(s);
      const alone = path !== '' && directOps.get(path) === 1 && !hasChildren.has(path) && n.opType !== 'Constant';
      let name = alone ? path : path ? `${path}.${s.op}` : s.op;
      if (k > 0) name += `:${k}`;
      assign(t, name);
    });
  });

  const { aliasTarget, leaving } = moduleOutputs(nodes, scopes, graphOutputs);
  const aliasesOf = new Map<string, string[]>();
  for (const [alias, tensor] of aliasTarget) {
    if (nameOf.get(tensor) === alias) continue;
    const list = aliasesOf.get(tensor) ?? [];
    list.push(alias);
    aliasesOf.set(tensor, list);
  }
  // innermost module first: `layer3.5 layer3`
  const depth = (a: string): number => a.split('.').length;
  for (const list of aliasesOf.values()) list.sort((a, b) => depth(b) - depth(a) || a.localeCompare(b));
  return { nameOf, tensorOf, aliasTarget, aliasesOf, leaving };
}

/** torch writes `<node name>_output_<k>`; a renamed output (a graph output such as `logits`) does not qualify. */
function isTorchOutputName(tensor: string, nodeName: string, k: number): boolean {
  return tensor === `${nodeName}_output_${k}`;
}

function moduleOutputs(
  nodes: readonly NodeProto[],
  scopes: readonly (NodeScope | null)[],
  graphOutputs: readonly string[],
): { aliasTarget: Map<string, string>; leaving: Map<string, string[]> } {
  // For each tensor: the modules of its producer, and whether some consumer lies outside each of them.
  const producerModules = new Map<string, Set<string>>();
  const order = new Map<string, number>();
  nodes.forEach((n, i) => {
    const s = scopes[i];
    n.output.forEach((t) => {
      if (!t) return;
      order.set(t, i);
      if (s && n.opType !== 'Constant') producerModules.set(t, new Set(s.modules));
    });
  });
  const leaves = new Map<string, Set<string>>(); // module → tensors used outside it
  const markLeaving = (t: string, consumerModules: Set<string> | null): void => {
    const mods = producerModules.get(t);
    if (!mods) return;
    for (const m of mods) {
      if (consumerModules?.has(m)) continue;
      let set = leaves.get(m);
      if (!set) leaves.set(m, (set = new Set()));
      set.add(t);
    }
  };
  nodes.forEach((n, i) => {
    const s = scopes[i];
    const consumer = new Set(s?.modules ?? []);
    for (const t of n.input) if (t) markLeaving(t, consumer);
  });
  for (const t of graphOutputs) markLeaving(t, null);
  const aliasTarget = new Map<string, string>();
  const leaving = new Map<string, string[]>();
  for (const [m, tensors] of leaves) {
    const sorted = [...tensors].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1));
    leaving.set(m, sorted);
    if (sorted.length) aliasTarget.set(m, sorted[sorted.length - 1]!);
  }
  return { aliasTarget, leaving };
}
