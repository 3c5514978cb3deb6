import { attrFloat } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { asChannel, axesButChannel, axesFrom } from '../channels';
import { normalizedGrad } from '../normgrad';

/** InstanceNormalization: per (sample, channel) statistics over the spatial axes, then scale and bias. */
export const instanceNorm: GradRule = {
  differentiable: only(0, 1, 2),
  backward(c) {
    const [x, scale] = c.inputs as [string, string, string];
    const e = c.e;
    const g = gradOf(c);
    const rank = c.rankOf(x);
    const axes = axesFrom(e, x, 2, rank);
    const n = normalizedGrad(e, x, e.mul(g, asChannel(e, scale, x, rank)), axes, attrFloat(c.node, 'epsilon', 1e-5));
    const outer = c.needs[1] || c.needs[2] ? axesButChannel(e, x, rank) : '';
    return [
      c.needs[0] ? n.dx : undefined,
      c.needs[1] ? e.op('ReduceSum', [e.mul(g, n.xhat), outer], { keepdims: 0 }) : undefined,
      c.needs[2] ? e.op('ReduceSum', [g, outer], { keepdims: 0 }) : undefined,
    ];
  },
};
