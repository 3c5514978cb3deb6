/**
 * Grid masks of the paper's Fig. 2: a checkerboard of k×k cells over LayerX. 1 ("blue") cells take the activation
 * vector, 0 ("white") cells keep the base activations. The top-left cell is blue. k = 0 means "replicate": every
 * position is blue (the paper's full mask; in the appendix experiment grid size 0, a single optimised vector).
 */
import { badInput } from '../util/errors';

/** A mask over an H×W grid, row-major, values 0 or 1. */
export interface GridMask {
  h: number;
  w: number;
  k: number;
  data: Float32Array;
}

export function gridMask(h: number, w: number, k: number): GridMask {
  if (!Number.isInteger(k) || k < 0) throw badInput(`Grid size ${k} must be a non-negative integer (0 = replicate over all positions).`);
  const data = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data[y * w + x] = k === 0 || (Math.floor(y / k) + Math.floor(x / k)) % 2 === 0 ? 1 : 0;
  }
  return { h, w, k, data };
}

/** Nearest-neighbour resize of a row-major map (torch's 'nearest': source index floor(dst · in / out)). */
export function resizeNearest<T extends Float32Array | Uint8Array | Int32Array>(src: T, h: number, w: number, outH: number, outW: number): T {
  const out = new (src.constructor as new (n: number) => T)(outH * outW);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(h - 1, Math.floor((y * h) / outH));
    for (let x = 0; x < outW; x++) out[y * outW + x] = src[sy * w + Math.min(w - 1, Math.floor((x * w) / outW))]!;
  }
  return out;
}

/** A text picture of a mask ('#' blue, '.' white), for docs and test messages. */
export function maskToText(m: GridMask): string {
  const rows: string[] = [];
  for (let y = 0; y < m.h; y++) rows.push(Array.from(m.data.subarray(y * m.w, (y + 1) * m.w), (v) => (v ? '#' : '.')).join(''));
  return rows.join('\n');
}
