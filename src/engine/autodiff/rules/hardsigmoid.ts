import { attrFloat } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** HardSigmoid: y = clamp(αx + β, 0, 1); dX = α·g inside the linear part. */
export const hardSigmoid: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    const alpha = attrFloat(c.node, 'alpha', 0.2);
    const lin = e.add(e.mul(x, e.scalarLike(alpha, x)), e.scalarLike(attrFloat(c.node, 'beta', 0.5), x));
    const inside = e.op('And', [e.op('Greater', [lin, e.scalarLike(0, x)]), e.op('Less', [lin, e.scalarLike(1, x)])]);
    return [e.maskKeep(inside, e.mul(gradOf(c), e.scalarLike(alpha, x)))];
  },
};

/** HardSwish: y = x·HardSigmoid(x) with α = 1/6, β = 0.5; dX = g·(hs(x) + x/6 inside the linear part). */
export const hardSwish: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    const hs = e.op('HardSigmoid', [x], { alpha: 1 / 6, beta: 0.5 });
    const lin = e.add(e.div(x, e.scalarLike(6, x)), e.scalarLike(0.5, x));
    const inside = e.op('And', [e.op('Greater', [lin, e.scalarLike(0, x)]), e.op('Less', [lin, e.scalarLike(1, x)])]);
    const local = e.add(hs, e.maskKeep(inside, e.div(x, e.scalarLike(6, x))));
    return [e.mul(gradOf(c), local)];
  },
};
