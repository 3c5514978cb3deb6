/** A segmentation network (e.g. the demo extractor, logits [N, K, H, W]) judging generated images. */
import type { NetworkConfig } from '../config/types';
import type { HostTensor } from '../onnx/tensor';
import { openSession, type SessionOptions } from '../runtime/session';
import { readModel } from '../onnx/io';
import { badInput, formatShape } from '../util/errors';
import { networkInput } from '../vectors/probe';

export interface Segmentation {
  n: number;
  classes: number;
  h: number;
  w: number;
  /** Softmax probabilities [N, K, H, W]. */
  probs: Float32Array;
  /** Arg-max class per pixel [N, H, W]. */
  labels: Uint8Array;
}

export interface Segmenter {
  output: string;
  segment(images: HostTensor): Promise<Segmentation>;
}

export async function openSegmenter(net: NetworkConfig, output?: string, session: SessionOptions = {}): Promise<Segmenter> {
  const model = readModel(net.model);
  const out = output ?? model.graph!.output[0]?.name;
  if (!out) throw badInput(`${net.model} has no outputs.`, { file: net.model });
  const s = await openSession(model, session);
  return {
    output: out,
    async segment(images) {
      const logits = (await s.run({ [net.input]: networkInput(net, images) }, [out]))[out]!;
      if (logits.dims.length !== 4) {
        throw badInput(`Output '${out}' of ${net.model} is ${formatShape(logits.dims)}; a segmentation network outputs [N, classes, H, W].`, { file: net.model, tensor: out });
      }
      return softmaxSegmentation(logits);
    },
  };
}

export function softmaxSegmentation(logits: HostTensor): Segmentation {
  const [n, k, h, w] = logits.dims as [number, number, number, number];
  const plane = h * w;
  const d = logits.data as Float32Array;
  const probs = new Float32Array(d.length);
  const labels = new Uint8Array(n * plane);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < plane; p++) {
      let max = -Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        const v = d[(b * k + c) * plane + p]!;
        if (v > max) {
          max = v;
          arg = c;
        }
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(d[(b * k + c) * plane + p]! - max);
      for (let c = 0; c < k; c++) probs[(b * k + c) * plane + p] = Math.exp(d[(b * k + c) * plane + p]! - max) / sum;
      labels[b * plane + p] = arg;
    }
  }
  return { n, classes: k, h, w, probs, labels };
}

/** Mean probability of class `c` over the whole of image b. */
export function meanClassProbability(s: Segmentation, b: number, c: number): number {
  const plane = s.h * s.w;
  const o = (b * s.classes + c) * plane;
  let sum = 0;
  for (let p = 0; p < plane; p++) sum += s.probs[o + p]!;
  return sum / plane;
}
