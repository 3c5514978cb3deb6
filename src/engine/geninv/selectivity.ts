/**
 * How selective an attention map is: mean row entropy and mean row maximum against a uniform row. A map close to
 * uniform carries little structure, so clustering it says little about the image (the reason is worth reporting).
 */
export interface AttentionSelectivity {
  rows: number;
  keys: number;
  /** Mean over rows of −Σ a·ln a (nats). */
  meanRowEntropy: number;
  /** ln(keys): the entropy of a uniform row. */
  uniformEntropy: number;
  meanRowMax: number;
  /** 1 / keys. */
  uniformMax: number;
}

/** `data` holds `rows` softmax rows of `keys` values each (any number of images, back to back). */
export function attentionSelectivity(data: Float32Array, keys: number): AttentionSelectivity {
  const rows = Math.floor(data.length / keys);
  let entropy = 0;
  let max = 0;
  for (let r = 0; r < rows; r++) {
    let h = 0;
    let m = 0;
    for (let j = r * keys; j < (r + 1) * keys; j++) {
      const a = data[j]!;
      if (a > 0) h -= a * Math.log(a);
      if (a > m) m = a;
    }
    entropy += h;
    max += m;
  }
  return { rows, keys, meanRowEntropy: rows ? entropy / rows : 0, uniformEntropy: Math.log(keys), meanRowMax: rows ? max / rows : 0, uniformMax: 1 / keys };
}

/** True when rows are nearly uniform: entropy within 3 % of ln(keys). */
export function nearlyUniform(s: AttentionSelectivity): boolean {
  return s.meanRowEntropy > 0.97 * s.uniformEntropy;
}
