import { attrInt } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** Softmax (opset ≥ 13, one axis): dX = Y·(g − Σ g·Y). */
export const softmax: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const y = c.outputs[0]!;
    const g = gradOf(c);
    const axis = e.int64([attrInt(c.node, 'axis', -1)]);
    const s = e.op('ReduceSum', [e.mul(g, y), axis], { keepdims: 1 });
    return [e.mul(y, e.sub(g, s))];
  },
};

/** LogSoftmax: dX = g − exp(Y)·Σ g. */
export const logSoftmax: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const g = gradOf(c);
    const axis = e.int64([attrInt(c.node, 'axis', -1)]);
    const s = e.op('ReduceSum', [g, axis], { keepdims: 1 });
    return [e.sub(g, e.mul(e.op('Exp', [c.outputs[0]!]), s))];
  },
};
