/**
 * The working surface of one tile: stain concentrations per pixel (haematoxylin H, eosin E) and the label map.
 * Painters add stain; the staining step turns concentrations into RGB.
 */
export interface TissueCanvas {
  size: number;
  /** Haematoxylin concentration (nuclei, basophilic cytoplasm), row-major size×size. */
  h: Float32Array;
  /** Eosin concentration (stroma, cytoplasm). */
  e: Float32Array;
  /** Per-pixel class (see labels.ts). */
  labels: Uint8Array;
  /** Salt for stateless per-pixel hashes, drawn from the tile's stream. */
  salt: number;
}

export function createCanvas(size: number, salt: number): TissueCanvas {
  const n = size * size;
  return { size, h: new Float32Array(n), e: new Float32Array(n), labels: new Uint8Array(n), salt };
}

/** Smooth value noise in [0, 1]: a random (cells+1)² grid, bilinearly interpolated to size². */
export function valueNoise(next: () => number, size: number, cells: number): Float32Array {
  const g = cells + 1;
  const grid = new Float32Array(g * g);
  for (let i = 0; i < grid.length; i++) grid[i] = next();
  const out = new Float32Array(size * size);
  const scale = cells / size;
  for (let y = 0; y < size; y++) {
    const fy = y * scale;
    const y0 = Math.floor(fy);
    let ty = fy - y0;
    ty = ty * ty * (3 - 2 * ty);
    for (let x = 0; x < size; x++) {
      const fx = x * scale;
      const x0 = Math.floor(fx);
      let tx = fx - x0;
      tx = tx * tx * (3 - 2 * tx);
      const i = y0 * g + x0;
      const top = grid[i]! + (grid[i + 1]! - grid[i]!) * tx;
      const bot = grid[i + g]! + (grid[i + g + 1]! - grid[i + g]!) * tx;
      out[y * size + x] = top + (bot - top) * ty;
    }
  }
  return out;
}

/** In-place separable [1 2 1]/4 blur: softens painted edges like optical blur. */
export function blur121(a: Float32Array, size: number): void {
  const tmp = new Float32Array(a.length);
  for (let y = 0; y < size; y++) {
    const r = y * size;
    for (let x = 0; x < size; x++) {
      const l = a[r + (x > 0 ? x - 1 : x)]!;
      const rr = a[r + (x < size - 1 ? x + 1 : x)]!;
      tmp[r + x] = 0.25 * l + 0.5 * a[r + x]! + 0.25 * rr;
    }
  }
  for (let y = 0; y < size; y++) {
    const up = (y > 0 ? y - 1 : y) * size;
    const dn = (y < size - 1 ? y + 1 : y) * size;
    const r = y * size;
    for (let x = 0; x < size; x++) a[r + x] = 0.25 * tmp[up + x]! + 0.5 * tmp[r + x]! + 0.25 * tmp[dn + x]!;
  }
}
