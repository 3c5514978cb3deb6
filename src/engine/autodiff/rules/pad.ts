import { attrString } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { flatIndexLike, scatterAddLike } from '../scatter';

/**
 * Pad. constant: crop g with negated pads. reflect/edge: pad the flat-index tensor the same way and scatter-add,
 * so reflected and repeated border elements collect every copy's gradient.
 */
export const pad: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const [x, pads, , axes] = c.inputs as [string, string, string | undefined, string | undefined];
    const mode = attrString(c.node, 'mode', 'constant');
    const g = gradOf(c);
    if (mode === 'constant') {
      const inputs = [g, e.neg(pads)];
      if (axes) inputs.push('', axes);
      return [e.op('Pad', inputs)];
    }
    const inputs = [flatIndexLike(e, x), pads];
    if (axes) inputs.push('', axes);
    return [scatterAddLike(e, x, e.op('Pad', inputs, { mode }), g)];
  },
};
