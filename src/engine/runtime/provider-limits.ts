/**
 * Nodes a provider accepts at session creation but then fails to run: onnxruntime does not move them to the CPU by
 * itself, so a graph that has them runs on the CPU from the start, with the reason logged.
 */
import type { GraphProto, NodeProto } from '../onnx/gen/onnx_pb';
import type { ProviderName } from './providers';
import { maxPoolIndicesRewritable } from './maxpool-indices';

interface Limit {
  provider: ProviderName;
  matches(n: NodeProto): boolean;
  what: string;
}

const LIMITS: Limit[] = [
  {
    provider: 'webgpu',
    // onnxruntime 1.30 WebGPU pool.cc: "The Indices output is not supported yet." (fails at run time). The 2-D
    // floor-mode form is rewritten (maxpool-indices.ts); other forms run on the CPU.
    matches: (n) => n.opType === 'MaxPool' && (n.domain === '' || n.domain === 'ai.onnx') && (n.output[1] ?? '') !== '' && !maxPoolIndicesRewritable(n),
    what: 'MaxPool with an Indices output in this form (ceil mode, SAME padding, column-major or not 2-D)',
  },
];

function* allNodes(g: GraphProto): Generator<NodeProto> {
  for (const n of g.node) {
    yield n;
    for (const a of n.attribute) {
      if (a.g) yield* allNodes(a.g);
      for (const sub of a.graphs) yield* allNodes(sub);
    }
  }
}

/** One line naming the first node `provider` cannot run, or undefined when there is none. */
export function unsupportedNode(g: GraphProto, provider: ProviderName): string | undefined {
  const limits = LIMITS.filter((l) => l.provider === provider);
  if (limits.length === 0) return undefined;
  for (const n of allNodes(g)) {
    const l = limits.find((x) => x.matches(n));
    if (l) return `${provider} cannot run ${l.what} (node '${n.name || n.output[0]}')`;
  }
  return undefined;
}
