import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { countRatio } from '../channels';

/** GlobalAveragePool: g spread evenly over the spatial positions. */
export const globalAveragePool: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    return [e.div(e.op('Expand', [gradOf(c), e.shape(x)]), countRatio(e, x, c.outputs[0]!))];
  },
};

/** GlobalMaxPool: g to the maxima, shared on ties. */
export const globalMaxPool: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    const mask = e.op('CastLike', [e.op('Equal', [x, c.outputs[0]!]), x]);
    const sp = e.op('Range', [e.int64([2], true), e.op('Size', [e.shape(x)]), e.int64([1], true)]);
    const count = e.op('ReduceSum', [mask, sp], { keepdims: 1 });
    return [e.mul(mask, e.div(gradOf(c), count))];
  },
};
