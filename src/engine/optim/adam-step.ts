/**
 * One Adam update in place, with PyTorch's semantics (bias correction; weight decay added to the gradient). The kernel
 * behind the host optimiser, also used directly where a caller keeps the moments itself (stitch checkpoints).
 */
type Floats = Float32Array | Float64Array;

export interface AdamHyper {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

export function adamUpdate(param: Floats, grad: ArrayLike<number>, m: Floats, v: Floats, step: number, h: AdamHyper, decay = 1): void {
  const [b1, b2] = h.betas;
  const c1 = 1 - b1 ** step;
  const c2 = Math.sqrt(1 - b2 ** step);
  const stepSize = h.lr / c1;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]! + h.weightDecay * param[i]!;
    const mi = b1 * m[i]! + (1 - b1) * g;
    const vi = b2 * v[i]! + (1 - b2) * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] = param[i]! * decay - (stepSize * mi) / (Math.sqrt(vi) / c2 + h.eps);
  }
}
