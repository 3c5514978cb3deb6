import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** Reshape, Flatten, Squeeze, Unsqueeze: the gradient is reshaped back to X's shape. */
export const reshapeLike: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [c.e.op('Reshape', [gradOf(c), c.e.shape(c.inputs[0]!)])];
  },
};
