/** Small host-side tensor operations the stitch needs around its ONNX sessions. */
import type { HostTensor } from '../onnx/tensor';

/**
 * Rows for a least-squares fit, channel-major: for every image and every position of the (hy, wy) grid, the
 * nearest-neighbour sample of `a` (as torch's nearest resize picks it) and the value of `b`.
 */
export function pairedRows(a: HostTensor, b: HostTensor): { a: Float32Array; b: Float32Array; rows: number } {
  const [n, ca, ha, wa] = a.dims as [number, number, number, number];
  const [, cb, hb, wb] = b.dims as [number, number, number, number];
  const rowsPerImage = hb * wb;
  const rows = n * rowsPerImage;
  const outA = new Float32Array(ca * rows);
  const outB = new Float32Array(cb * rows);
  const srcA = a.data as Float32Array;
  const srcB = b.data as Float32Array;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < hb; y++) {
      const sy = Math.min(ha - 1, Math.floor((y * ha) / hb));
      for (let x = 0; x < wb; x++) {
        const sx = Math.min(wa - 1, Math.floor((x * wa) / wb));
        const r = i * rowsPerImage + y * wb + x;
        for (let c = 0; c < ca; c++) outA[c * rows + r] = srcA[((i * ca + c) * ha + sy) * wa + sx]!;
        for (let c = 0; c < cb; c++) outB[c * rows + r] = srcB[((i * cb + c) * hb + y) * wb + x]!;
      }
    }
  }
  return { a: outA, b: outB, rows };
}
