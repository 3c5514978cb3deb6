/** Dense symmetric positive-definite solves in float64 (small systems: channel counts, not pixels). */

/** In-place Cholesky factorisation A = L Lᵀ of an n×n row-major matrix; returns false if A is not positive definite. */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      const ri = i * n;
      const rj = j * n;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[i * n + j] = s / ljj;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 0;
  return true;
}

/** Solves L Lᵀ X = B for X (n×m, row-major), overwriting B. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array, m: number): void {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < m; c++) {
      let s = b[i * m + c]!;
      for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k * m + c]!;
      b[i * m + c] = s / l[i * n + i]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let c = 0; c < m; c++) {
      let s = b[i * m + c]!;
      for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k * m + c]!;
      b[i * m + c] = s / l[i * n + i]!;
    }
  }
}
