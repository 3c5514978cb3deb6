import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/** dA = g·B·A^(B−1), dB = g·Y·ln A (where A > 0, else 0 as in PyTorch). */
export const pow: GradRule = {
  differentiable: only(0, 1),
  backward(c) {
    const g = gradOf(c);
    const [a, b] = c.inputs as [string, string];
    const y = c.outputs[0]!;
    const e = c.e;
    let da: string | undefined;
    if (c.needs[0]) {
      const k = c.constValue(b);
      let local: string;
      if (k && k.length === 1 && k[0] === 2) local = e.mul(a, e.scalarLike(2, a));
      else if (k && k.length === 1 && k[0] === 0.5) local = e.div(e.scalarLike(0.5, a), y);
      else {
        const bl = e.op('CastLike', [b, a]);
        local = e.mul(bl, e.op('Pow', [a, e.sub(bl, e.scalarLike(1, a))]));
      }
      da = reduceToShape(e, e.mul(g, local), a, c.sameShape(c.outputs[0]!, a));
    }
    let db: string | undefined;
    if (c.needs[1]) {
      const pos = e.op('Greater', [a, e.scalarLike(0, a)]);
      const safe = e.op('Where', [pos, a, e.scalarLike(1, a)]);
      db = reduceToShape(e, e.op('CastLike', [e.maskKeep(pos, e.mul(e.mul(g, y), e.op('Log', [safe]))), b]), b, c.sameShape(c.outputs[0]!, b));
    }
    return [da, db];
  },
};
