/** Overriding LayerX activations: a vector written into the positions a mask selects, the rest kept from a base. */
import type { HostTensor } from '../onnx/tensor';

/**
 * Writes `vector` (length C) into row `b` of `out` [N, C, H, W] wherever `mask` (H×W) is non-zero; other positions
 * are copied from row `baseRow` of `base` (or zero when no base is given).
 */
export function writeMasked(out: HostTensor, b: number, vector: Float32Array, mask: Float32Array | Uint8Array, base?: HostTensor, baseRow = 0): void {
  const [, c, h, w] = out.dims as [number, number, number, number];
  const plane = h * w;
  const dst = out.data as Float32Array;
  const src = base?.data as Float32Array | undefined;
  for (let ch = 0; ch < c; ch++) {
    const o = (b * c + ch) * plane;
    const bo = (baseRow * c + ch) * plane;
    const v = vector[ch]!;
    for (let p = 0; p < plane; p++) dst[o + p] = mask[p] ? v : src ? src[bo + p]! : 0;
  }
}

/** A [N, C, H, W] float32 tensor of zeros. */
export function emptyActivations(n: number, c: number, h: number, w: number): HostTensor {
  return { dtype: 'float32', dims: [n, c, h, w], data: new Float32Array(n * c * h * w) };
}

/** The same vector at every position: the paper's "replicate" visualisation input. */
export function replicated(vector: Float32Array, h: number, w: number): HostTensor {
  const t = emptyActivations(1, vector.length, h, w);
  writeMasked(t, 0, vector, new Uint8Array(h * w).fill(1));
  return t;
}
