import { attrFloat } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g where X > 0, alpha·g elsewhere. */
export const leakyRelu: GradRule = {
  differentiable: only(0),
  backward(c) {
    const x = c.inputs[0]!;
    const g = gradOf(c);
    const alpha = c.e.scalarLike(attrFloat(c.node, 'alpha', 0.01), x);
    return [c.e.op('Where', [c.e.op('Greater', [x, c.e.scalarLike(0, x)]), g, c.e.mul(g, alpha)])];
  },
};
