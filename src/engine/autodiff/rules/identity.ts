import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** Identity, and Dropout in inference (its mask output carries no gradient). */
export const identity: GradRule = {
  differentiable: only(0),
  backward(c) {
    return [gradOf(c)];
  },
};
