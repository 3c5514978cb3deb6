import { attrInt } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { only } from '../rule';

/** dX = Concat of the outputs' gradients along `axis` (zeros for outputs with no gradient). */
export const split: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const parts = c.outputs.map((o, i) => c.gradOut[i] ?? e.zerosLike(o));
    return [e.op('Concat', parts, { axis: attrInt(c.node, 'axis', 0) })];
  },
};
