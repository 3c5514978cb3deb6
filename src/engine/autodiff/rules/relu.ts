import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { STEP_SLOPE } from './step';
import { enterBlockedLayout } from './blocked-layout';

/**
 * dX = g where Y > 0 (PyTorch's threshold_backward on the result). For float32 the mask is HardSigmoid(Y; α =
 * 2¹²⁷, β = 0), exactly 1 for every Y ≥ 2⁻¹²⁷ and 0 at Y = 0: one activation op that onnxruntime runs in its
 * blocked (NCHWc) layout, so mask and Mul stay between the blocked backward convolutions instead of reordering to
 * NCHW and back around a Where. (Only denormal activations below 2⁻¹²⁷ would get a fractional mask.)
 */
export const relu: GradRule = {
  differentiable: only(0),
  backward(c) {
    const y = c.outputs[0]!;
    const e = c.e;
    if (e.typeOf(y) === 'float32') {
      const g = enterBlockedLayout(e, gradOf(c), c.shapeOf(y));
      return [e.mul(g, e.op('HardSigmoid', [y], { alpha: { float: STEP_SLOPE }, beta: { float: 0 } }))];
    }
    return [e.maskKeep(e.op('Greater', [y, e.scalarLike(0, y)]), gradOf(c))];
  },
};
