import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/** Expand: sum the gradient over the broadcast axes. */
export const expand: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [reduceToShape(c.e, gradOf(c), c.inputs[0]!, c.sameShape(c.outputs[0]!, c.inputs[0]!))];
  },
};
