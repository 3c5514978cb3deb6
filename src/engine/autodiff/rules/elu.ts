import { attrFloat } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g where X > 0, g·(Y + alpha) elsewhere. */
export const elu: GradRule = {
  differentiable: only(0),
  backward(c) {
    const x = c.inputs[0]!;
    const y = c.outputs[0]!;
    const e = c.e;
    const g = gradOf(c);
    const alpha = e.scalarLike(attrFloat(c.node, 'alpha', 1), x);
    return [e.op('Where', [e.op('Greater', [x, e.scalarLike(0, x)]), g, e.mul(g, e.add(y, alpha))])];
  },
};
