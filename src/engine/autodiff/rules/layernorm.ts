import { attrFloat, attrInt } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { axesFrom } from '../channels';
import { normalizedGrad } from '../normgrad';
import { reduceToShape } from '../broadcast';

/** LayerNormalization (opset 17): statistics over axes [axis, rank), scale and bias broadcast over them. */
export const layerNorm: GradRule = {
  differentiable: only(0, 1, 2),
  backward(c) {
    const [x, scale, bias] = c.inputs as [string, string, string | undefined];
    const e = c.e;
    const g = gradOf(c);
    let axis = attrInt(c.node, 'axis', -1);
    const rank = c.rankOf(x);
    if (axis < 0) {
      if (rank === undefined) {
        const r = e.op('Size', [e.shape(x)]);
        const from = e.add(r, e.int64([axis], true));
        const axes = e.op('Range', [from, r, e.int64([1], true)]);
        return finish(c, x, g, scale, bias, axes);
      }
      axis += rank;
    }
    return finish(c, x, g, scale, bias, axesFrom(e, x, axis, rank));
  },
};

function finish(
  c: Parameters<GradRule['backward']>[0],
  x: string,
  g: string,
  scale: string,
  bias: string | undefined,
  axes: string,
): (string | undefined)[] {
  const e = c.e;
  const n = normalizedGrad(e, x, e.mul(g, scale), axes, attrFloat(c.node, 'epsilon', 1e-5));
  return [
    c.needs[0] ? n.dx : undefined,
    c.needs[1] ? reduceToShape(e, e.mul(g, n.xhat), scale, c.sameShape(c.outputs[0]!, scale)) : undefined,
    bias && c.needs[2] ? reduceToShape(e, g, bias, c.sameShape(c.outputs[0]!, bias)) : undefined,
  ];
}
