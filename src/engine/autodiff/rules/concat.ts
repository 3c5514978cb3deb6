import { attrInt } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf } from '../rule';

/** dX_i = the slice of g along `axis` that X_i filled (sizes read from the inputs' shapes at run time). */
export const concat: GradRule = {
  differentiable: (n) => n.input.map((_, i) => i),
  backward(c) {
    const e = c.e;
    const axis = attrInt(c.node, 'axis', 0);
    const sizes = c.inputs.map((x) => e.op('Gather', [e.shape(x), e.int64([axis])], { axis: 0 }));
    const split = e.op('Concat', sizes, { axis: 0 });
    const parts = e.ops('Split', [gradOf(c), split], { axis }, c.inputs.length);
    return parts.map((p, i) => (c.needs[i] ? p : undefined));
  },
};
