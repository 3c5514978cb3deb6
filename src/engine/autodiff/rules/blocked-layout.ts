import type { Emitter } from '../emitter';

/** Channel blocks of onnxruntime's NCHWc kernels are 8 or 16 wide; 16 suits both. */
const BLOCK = 16;

const verdicts = new WeakMap<Emitter, Map<string, boolean>>();

/**
 * Whether onnxruntime's NCHWc layout pass will keep a backward tensor blocked: outputs of Conv are; Sum/Add are
 * when all their inputs are; a ReLU-mask Mul is when its gradient input is (the mask side is an activation of a
 * forward conv output). Anything else (Pad, Reshape, ScatterElements, the loss's element-wise ops) runs in NCHW.
 */
function staysBlocked(e: Emitter, name: string): boolean {
  // Memoised per emitter: a residual network asks about the same skip-path sums from every block's ReLU.
  let known = verdicts.get(e);
  if (!known) verdicts.set(e, (known = new Map()));
  const cached = known.get(name);
  if (cached !== undefined) return cached;
  const n = e.producerOf(name);
  let blocked = false;
  if (n?.opType === 'Conv') blocked = true;
  else if (n?.opType === 'Sum' || n?.opType === 'Add') blocked = n.input.every((i) => staysBlocked(e, i));
  else if (n?.opType === 'Mul') blocked = staysBlocked(e, n.input[0]!);
  known.set(name, blocked);
  return blocked;
}

/**
 * Where a backward chain of convolutions starts from a gradient computed in plain NCHW (the loss seed, a MaxPool's
 * ScatterElements, the interleaved phases of a strided conv's gradient), routes it through a depthwise 1×1
 * identity Conv. onnxruntime turns that into a blocked (NCHWc) conv that is a layout change in one pass, and from
 * there the ReLU masks, the residual Sums (fused into the convs) and the skip paths stay blocked instead of
 * reordering back and forth at every block. The values are unchanged (×1). Only for float32 images with a static
 * channel count that fills whole blocks.
 */
export function enterBlockedLayout(e: Emitter, g: string, shape: readonly (number | string)[] | undefined): string {
  if (e.typeOf(g) !== 'float32' || !shape || shape.length !== 4) return g;
  const channels = shape[1];
  if (typeof channels !== 'number' || channels % BLOCK !== 0 || staysBlocked(e, g)) return g;
  const ones = e.constant({ dtype: 'float32', dims: [channels, 1, 1, 1], data: new Float32Array(channels).fill(1) }, 'identity_dw');
  return e.op('Conv', [g, ones], { group: channels, kernel_shape: [1, 1] });
}
