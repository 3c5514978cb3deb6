/** Topological order of a graph's nodes (ONNX requires it, but not every exporter obeys). */
import type { GraphProto, NodeProto } from '../onnx/gen/onnx_pb';
import { badInput } from '../util/errors';

export function topoSort(g: GraphProto): NodeProto[] {
  const producer = new Map<string, number>();
  g.node.forEach((n, i) => n.output.forEach((o) => o && producer.set(o, i)));
  const state = new Uint8Array(g.node.length); // 0 new, 1 visiting, 2 done
  const order: NodeProto[] = [];
  const visit = (start: number): void => {
    const stack: [number, number][] = [[start, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [i, k] = top;
      const n = g.node[i]!;
      if (k === 0) {
        if (state[i] === 2) { stack.pop(); continue; }
        state[i] = 1;
      }
      if (k < n.input.length) {
        top[1]++;
        const p = producer.get(n.input[k]!);
        if (p !== undefined && p !== i) {
          if (state[p] === 1) throw badInput(`The graph has a cycle through node '${n.name}' (${n.opType}).`, { node: n.name });
          if (state[p] === 0) stack.push([p, 0]);
        }
      } else {
        state[i] = 2;
        order.push(n);
        stack.pop();
      }
    }
  };
  for (let i = 0; i < g.node.length; i++) if (state[i] === 0) visit(i);
  return order;
}
