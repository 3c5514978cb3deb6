import { attrInts } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';

/** dX = Transpose(g, inverse perm); without perm, Transpose reverses the axes and is its own inverse. */
export const transpose: GradRule = {
  differentiable: only(0),
  backward(c) {
    const perm = attrInts(c.node, 'perm');
    if (!perm) return [c.e.op('Transpose', [gradOf(c)])];
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [c.e.op('Transpose', [gradOf(c)], { perm: inv })];
  },
};
