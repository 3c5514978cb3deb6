import { attrFloat, attrInt } from '../../onnx/builder';
import type { GradRule } from '../rule';
import { gradOf, only } from '../rule';
import { reduceToShape } from '../broadcast';

/** Y = alpha·A'·B' + beta·C with A' = transA ? Aᵀ : A, B' likewise. */
export const gemm: GradRule = {
  differentiable: only(0, 1, 2),
  backward(c) {
    const [a, b, cc] = c.inputs as [string, string, string | undefined];
    const e = c.e;
    const g = gradOf(c);
    const alpha = attrFloat(c.node, 'alpha', 1);
    const beta = attrFloat(c.node, 'beta', 1);
    const tA = attrInt(c.node, 'transA', 0);
    const tB = attrInt(c.node, 'transB', 0);
    const al = { float: alpha };
    let da: string | undefined;
    if (c.needs[0]) {
      da = tA
        ? e.op('Gemm', [b, g], { alpha: al, transA: tB, transB: 1 })
        : e.op('Gemm', [g, b], { alpha: al, transB: tB ? 0 : 1 });
    }
    let db: string | undefined;
    if (c.needs[1]) {
      db = tB
        ? e.op('Gemm', [g, a], { alpha: al, transA: 1, transB: tA })
        : e.op('Gemm', [a, g], { alpha: al, transA: tA ? 0 : 1 });
    }
    let dc: string | undefined;
    if (cc && c.needs[2]) {
      const gs = beta === 1 ? g : e.mul(g, e.scalarLike(beta, c.outputs[0]!));
      dc = reduceToShape(e, gs, cc, c.sameShape(c.outputs[0]!, cc));
    }
    return [da, db, dc];
  },
};
