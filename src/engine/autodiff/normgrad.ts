/** Gradient through x̂ = (x − mean)/√(var + eps) with statistics over `axes` (instance and layer norm). */
import type { Emitter } from './emitter';
import { countRatio } from './channels';

export interface NormGrad {
  dx: string;
  xhat: string;
}

/** gh is the gradient with respect to x̂. dx = (gh − mean(gh) − x̂·mean(gh·x̂)) / σ. */
export function normalizedGrad(e: Emitter, x: string, gh: string, axes: string, eps: number): NormGrad {
  const sum = (t: string): string => e.op('ReduceSum', [t, axes], { keepdims: 1 });
  const mu0 = sum(x);
  const count = countRatio(e, x, mu0);
  const mean = (t: string): string => e.div(sum(t), count);
  const centered = e.sub(x, e.div(mu0, count));
  const variance = mean(e.mul(centered, centered));
  const invStd = e.op('Reciprocal', [e.op('Sqrt', [e.add(variance, e.scalarLike(eps, x))])]);
  const xhat = e.mul(centered, invStd);
  const inner = e.sub(e.sub(gh, mean(gh)), e.mul(xhat, mean(e.mul(gh, xhat))));
  return { dx: e.mul(inner, invStd), xhat };
}
