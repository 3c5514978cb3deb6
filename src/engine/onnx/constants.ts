/**
 * Tensors whose value no graph input reaches: copies of weights (torch's `onnx::Conv_123` Identity nodes) and
 * arithmetic on them. They are parameters, not activations, so layer lists hide them unless asked.
 */
import type { GraphProto } from './gen/onnx_pb';

export function constantTensors(graph: GraphProto): Set<string> {
  const fixed = new Set<string>(graph.initializer.map((t) => t.name));
  const inputs = new Set(graph.input.map((v) => v.name).filter((n) => !fixed.has(n)));
  const out = new Set<string>();
  for (const n of graph.node) {
    // A node with no inputs other than constants (Constant itself has none) and no subgraph.
    const allConstant = n.input.every((t) => t === '' || (fixed.has(t) && !inputs.has(t)));
    if (!allConstant || n.attribute.some((a) => a.g || a.graphs.length > 0)) continue;
    for (const t of n.output) {
      if (!t) continue;
      fixed.add(t);
      out.add(t);
    }
  }
  return out;
}
