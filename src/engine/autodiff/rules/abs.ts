import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { STEP_SLOPE } from './step';

/** dX = g·sign(X) (0 at 0, as in PyTorch); for float32 sign(X) = Clip(X·2¹²⁷, −1, 1), see step.ts. */
export const abs: GradRule = {
  differentiable: only(0),
  backward(c) {
    const x = c.inputs[0]!;
    const e = c.e;
    const sign =
      e.typeOf(x) === 'float32'
        ? e.op('Clip', [e.mul(x, e.scalarLike(STEP_SLOPE, x)), e.scalarLike(-1, x), e.scalarLike(1, x)])
        : e.op('Sign', [x]);
    return [e.mul(gradOf(c), sign)];
  },
};
