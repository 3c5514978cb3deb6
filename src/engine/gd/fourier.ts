/**
 * The decorrelated Fourier image parametrisation of Olah et al. (Lucid/Lucent), as constant matrices so that the
 * inverse real FFT is two MatMuls (differentiable with the existing MatMul rule, on any provider).
 *
 * Parameter layout: z′ is [N, 3, 2H, Wf] with Wf = ⌊W/2⌋ + 1 — real parts in rows 0..H−1, imaginary parts in rows
 * H..2H−1. The image is  irfft2(scale ⊙ z′, norm='ortho') / 4, then a colour-correlation 1x1 conv, then sigmoid.
 */

/** Lucid's square root of the ImageNet colour correlation (its SVD form). */
const COLOR_CORRELATION_SQRT: readonly (readonly number[])[] = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];

/** The colour matrix divided by its largest column norm, as Lucid normalises it; out_c = Σ_k M[c][k]·in_k. */
export function colorMatrix(): number[][] {
  let maxNorm = 0;
  for (let k = 0; k < 3; k++) {
    maxNorm = Math.max(maxNorm, Math.hypot(COLOR_CORRELATION_SQRT[0]![k]!, COLOR_CORRELATION_SQRT[1]![k]!, COLOR_CORRELATION_SQRT[2]![k]!));
  }
  return COLOR_CORRELATION_SQRT.map((row) => row.map((v) => v / maxNorm));
}

export function spectrumWidth(w: number): number {
  return Math.floor(w / 2) + 1;
}

/** numpy.fft.fftfreq(n)[k]. */
function fftfreq(k: number, n: number): number {
  return (k < Math.ceil(n / 2) ? k : k - n) / n;
}

/** Per-frequency scale 1/max(|f|, 1/max(H,W)), laid out like z′ ([2H, Wf]: the real and the imaginary half alike). */
export function spectrumScale(h: number, w: number): Float32Array {
  const wf = spectrumWidth(w);
  const floor = 1 / Math.max(h, w);
  const out = new Float32Array(2 * h * wf);
  for (let ky = 0; ky < h; ky++) {
    const fy = fftfreq(ky, h);
    for (let kx = 0; kx < wf; kx++) {
      const s = 1 / Math.max(Math.hypot(fy, kx / w), floor);
      out[ky * wf + kx] = s;
      out[(h + ky) * wf + kx] = s;
    }
  }
  return out;
}

/**
 * Inverse DFT along H (orthonormal, 1/√H), split into real and imaginary outputs: Yr = Ry·z′, Yi = Iy·z′, each
 * [H, 2H] (columns 0..H−1 act on the real rows of z′, H..2H−1 on the imaginary rows).
 */
export function inverseRowsMatrices(h: number): { re: Float32Array; im: Float32Array } {
  const re = new Float32Array(h * 2 * h);
  const im = new Float32Array(h * 2 * h);
  const norm = 1 / Math.sqrt(h);
  for (let y = 0; y < h; y++) {
    for (let k = 0; k < h; k++) {
      const a = (2 * Math.PI * ((k * y) % h)) / h;
      const c = Math.cos(a) * norm;
      const s = Math.sin(a) * norm;
      // (Xr + iXi)(c + is) = (Xr c − Xi s) + i(Xr s + Xi c)
      re[y * 2 * h + k] = c;
      re[y * 2 * h + h + k] = -s;
      im[y * 2 * h + k] = s;
      im[y * 2 * h + h + k] = c;
    }
  }
  return { re, im };
}

/**
 * Inverse real DFT along W (orthonormal, 1/√W) with the final ÷`divide`: image = Yr·A + Yi·B, A and B [Wf, W].
 * Bins 0 and W/2 (W even) count once, the others twice (Hermitian symmetry); their imaginary parts drop out
 * because sin(0) = sin(πn) = 0, exactly as a c2r transform ignores them.
 */
export function inverseColumnsMatrices(w: number, divide = 4): { a: Float32Array; b: Float32Array } {
  const wf = spectrumWidth(w);
  const a = new Float32Array(wf * w);
  const b = new Float32Array(wf * w);
  const norm = 1 / Math.sqrt(w) / divide;
  for (let k = 0; k < wf; k++) {
    const weight = k === 0 || (w % 2 === 0 && k === w / 2) ? 1 : 2;
    for (let x = 0; x < w; x++) {
      const ang = (2 * Math.PI * ((k * x) % w)) / w;
      a[k * w + x] = weight * Math.cos(ang) * norm;
      b[k * w + x] = -weight * Math.sin(ang) * norm;
    }
  }
  return { a, b };
}
