/** Matrix products: MatMul (numpy semantics, batch dims broadcast) and Gemm (2-D, optional transposes). */
import { attrInt } from '../builder';
import { typed } from './context';
import { broadcast, checked } from './dimmath';
import type { Dim, Shape, ShapeRule, ShapeRules } from './types';

export function matmulShape(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (!a || !b || a.length === 0 || b.length === 0) return undefined;
  const aa = a.length === 1 ? [1, a[0]!] : a;
  const bb = b.length === 1 ? [b[0]!, 1] : b;
  const batch = broadcast([aa.slice(0, -2), bb.slice(0, -2)]);
  if (!batch) return undefined;
  const out: Dim[] = [...batch];
  if (a.length > 1) out.push(aa[aa.length - 2]!);
  if (b.length > 1) out.push(bb[bb.length - 1]!);
  return out;
}

/** MatMul's output rank from its inputs' ranks (a 1-D operand loses its dim). */
function matmulRank(ra: number | undefined, rb: number | undefined): number | undefined {
  if (ra === undefined || rb === undefined) return undefined;
  return Math.max(ra, rb, 2) - (ra === 1 ? 1 : 0) - (rb === 1 ? 1 : 0);
}

const matmul: ShapeRule = (n, ctx) => [
  typed(ctx.elemType(n.input[0]), matmulShape(ctx.shape(n.input[0]), ctx.shape(n.input[1])), matmulRank(ctx.rank(n.input[0]), ctx.rank(n.input[1]))),
];

const gemm: ShapeRule = (n, ctx) => {
  const a = ctx.shape(n.input[0]);
  const b = ctx.shape(n.input[1]);
  if (!a || !b || a.length !== 2 || b.length !== 2) return [typed(ctx.elemType(n.input[0]), undefined, 2)];
  const m = attrInt(n, 'transA', 0) ? a[1] : a[0];
  const nn = attrInt(n, 'transB', 0) ? b[0] : b[1];
  return [typed(ctx.elemType(n.input[0]), checked([m, nn]), 2)];
};

export const MATMUL_RULES: ShapeRules = { MatMul: matmul, Gemm: gemm };
