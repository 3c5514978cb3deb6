/** For the shape rules' tests: runs inference over a few nodes with typed inputs and constant initializers. */
import type { NodeProto } from '../gen/onnx_pb';
import { graph, valueInfo } from '../builder';
import type { NumericDType } from '../dtype';
import { tensorToProto, type HostTensor } from '../tensor';
import type { ShapeContext } from './context';
import { runInference } from './infer';
import type { Shape } from './types';

export function inferNodes(nodes: NodeProto[], inputs: Record<string, [NumericDType, Shape]>, inits: Record<string, HostTensor> = {}): ShapeContext {
  const g = graph({
    nodes,
    inputs: Object.entries(inputs).map(([name, [dtype, dims]]) => valueInfo(name, dtype, dims)),
    outputs: [],
    initializers: Object.entries(inits).map(([name, t]) => tensorToProto(name, t)),
  });
  return runInference(g);
}
