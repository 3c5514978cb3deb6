import { attrInt } from '../../onnx/builder';
import { badInput } from '../../util/errors';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** MaxPool: the forward node also outputs Indices (flat positions in X); g is scatter-added there. */
export const maxPool: GradRule = {
  differentiable: only(0),
  prepare(node, e) {
    if (attrInt(node, 'storage_order', 0) !== 0) {
      throw badInput(`MaxPool '${node.name}' uses column-major storage_order; its gradient is not supported.`, { node: node.name });
    }
    if (!node.output[1]) {
      const name = e.fresh('maxpool_indices');
      if (node.output.length < 2) node.output.push(name);
      else node.output[1] = name;
    }
  },
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    const flat = e.int64([-1]);
    const zeros = e.op('Reshape', [e.zerosLike(x), flat]);
    const idx = e.op('Reshape', [c.outputs[1]!, flat]);
    const summed = e.op('ScatterElements', [zeros, idx, e.op('Reshape', [gradOf(c), flat])], { axis: 0, reduction: 'add' });
    return [e.op('Reshape', [summed, e.shape(x)])];
  },
};
