import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g where Y > 0 (PyTorch's threshold_backward on the result). */
export const relu: GradRule = {
  differentiable: only(0),
  backward(c) {
    const y = c.outputs[0]!;
    return [c.e.maskKeep(c.e.op('Greater', [y, c.e.scalarLike(0, y)]), gradOf(c))];
  },
};
