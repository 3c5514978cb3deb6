import { attrInt } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { flatIndexLike, scatterAddLike } from '../scatter';

/** Gather and GatherElements: scatter-add g to the gathered positions (repeated indices accumulate). */
export const gather: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const [x, indices] = c.inputs as [string, string];
    const idx = e.op(c.node.opType, [flatIndexLike(e, x), indices], { axis: attrInt(c.node, 'axis', 0) });
    return [scatterAddLike(e, x, idx, gradOf(c))];
  },
};
