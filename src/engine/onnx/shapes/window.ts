/** The sliding window of Conv, ConvTranspose and the pools: kernel, strides, dilations, pads and auto_pad. */
import type { NodeProto } from '../gen/onnx_pb';
import { attrInts, attrString } from '../builder';
import type { Dim, Shape } from './types';

export interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  autoPad: string;
}

/** The window over `spatial` dims; undefined when the attributes do not describe one. */
export function window(n: NodeProto, spatial: number, kernel: number[] | undefined): Window | undefined {
  const k = attrInts(n, 'kernel_shape') ?? kernel;
  if (!k || k.length !== spatial) return undefined;
  const strides = attrInts(n, 'strides') ?? k.map(() => 1);
  const dilations = attrInts(n, 'dilations') ?? k.map(() => 1);
  const pads = attrInts(n, 'pads') ?? k.flatMap(() => [0, 0]);
  if (strides.length !== spatial || dilations.length !== spatial || pads.length !== 2 * spatial) return undefined;
  if (strides.some((s) => s <= 0) || dilations.some((d) => d <= 0)) return undefined;
  return { kernel: k, strides, dilations, pads, autoPad: attrString(n, 'auto_pad', 'NOTSET') };
}

/** Output spatial dims of a sliding window over `xs` (N, C, spatial…); undefined when a spatial dim is symbolic. */
export function slidingDims(xs: Shape, w: Window, ceilMode: boolean): Dim[] | undefined {
  const spatial = xs.slice(2);
  const out: Dim[] = [];
  for (let i = 0; i < spatial.length; i++) {
    const d = spatial[i]!;
    if (typeof d !== 'number') return undefined;
    const s = w.strides[i]!;
    const extent = (w.kernel[i]! - 1) * w.dilations[i]! + 1;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') out.push(Math.ceil(d / s));
    else if (w.autoPad === 'VALID') out.push(Math.floor((d - extent) / s) + 1);
    else {
      const span = d + w.pads[i]! + w.pads[i + spatial.length]! - extent;
      let o = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
      // ceil mode never starts a window in the end padding
      if (ceilMode && (o - 1) * s >= d + w.pads[i]!) o -= 1;
      out.push(o);
    }
  }
  return out;
}
