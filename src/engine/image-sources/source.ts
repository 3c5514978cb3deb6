/** Image sources for training and evaluation: batches of RGB images in [0,1], NCHW float32, at a fixed size. */
import type { HostTensor } from '../onnx/tensor';

export interface ImageSource {
  /** Human-readable description for logs and errors. */
  readonly description: string;
  readonly count: number;
  /** Images `indices` as [N,3,H,W] in [0,1]. */
  batch(indices: readonly number[]): Promise<HostTensor>;
  /** Stable identifier of image i (file name or procedural seed/index), for reports. */
  id(i: number): string;
  /** Per-pixel labels of image i at the source size, when the source has them. */
  labels?(i: number): Promise<Uint8Array>;
}

/** HWC uint8 RGB → CHW float32 in [0,1], written into `out` at image slot `slot`. */
export function hwcToChw(rgb: Uint8Array, h: number, w: number, channels: number, out: Float32Array, slot: number): void {
  const plane = h * w;
  const base = slot * 3 * plane;
  for (let p = 0; p < plane; p++) {
    const s = p * channels;
    out[base + p] = rgb[s]! / 255;
    out[base + plane + p] = rgb[s + 1]! / 255;
    out[base + 2 * plane + p] = rgb[s + 2]! / 255;
  }
}
