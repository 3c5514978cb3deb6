import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = g / (2·Y). */
export const sqrt: GradRule = {
  differentiable: only(0),
  backward(c) {
    const y = c.outputs[0]!;
    return [c.e.div(c.e.mul(gradOf(c), c.e.scalarLike(0.5, y)), y)];
  },
};
