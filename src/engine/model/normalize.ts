/** Input normalisation as the feature extractor expects it. */
import type { HostTensor } from '../onnx/tensor';

/** (x − mean) / std per channel of an NCHW batch in [0,1]. */
export function normalizeBatch(t: HostTensor, mean: readonly number[], std: readonly number[]): HostTensor {
  const [n, c, h, w] = t.dims as [number, number, number, number];
  const plane = h * w;
  const src = t.data as Float32Array;
  const out = new Float32Array(src.length);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (i * c + ch) * plane;
      const m = mean[ch]!;
      const inv = 1 / std[ch]!;
      for (let p = 0; p < plane; p++) out[base + p] = (src[base + p]! - m) * inv;
    }
  }
  return { dtype: 'float32', dims: [...t.dims], data: out };
}
