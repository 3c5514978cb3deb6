/**
 * Activation probes: a network cut at one layer, fed [0,1] images at the inverted extractor's size (resized to the
 * probe's input size when it differs, then normalised with the probe's own statistics).
 */
import type { NetworkConfig } from '../config/types';
import { cut } from '../onnx/surgery';
import type { HostTensor } from '../onnx/tensor';
import { openSession, type RunnableSession, type SessionOptions } from '../runtime/session';
import { resizeBilinear, unstackImage } from '../runtime/image';
import { normalizeBatch } from '../model/normalize';
import { loadAnalysed } from '../model/loaded';
import { assertNetworkMatches, checkedModel } from '../config/check-models';
import { lookupLayer } from '../model/lookup-layer';
import { compareActivations, gramCosine, summarize } from '../metrics/activations';
import { badInput } from '../util/errors';
import type { ImageMetrics, NetworkMetrics } from './types';

export interface Probe {
  network: string;
  layer: string;
  tensor: string;
  /** [C, H, W] at the network's input size. */
  shape: number[];
  activations(images: HostTensor): Promise<HostTensor>;
}

function resizeAll(t: HostTensor, h: number, w: number): HostTensor {
  const n = t.dims[0]!;
  const data = new Float32Array(n * 3 * h * w);
  for (let i = 0; i < n; i++) data.set(resizeBilinear(unstackImage(t, i), h, w).data as Float32Array, i * 3 * h * w);
  return { dtype: 'float32', dims: [n, 3, h, w], data };
}

export async function openProbe(name: string, net: NetworkConfig, layer: string, session?: SessionOptions): Promise<Probe> {
  const { model, analysis } = await loadAnalysed(net.model, net.inputSize);
  assertNetworkMatches(name === 'extractor' ? '/extractor' : `/testNetworks/${name}`, net, checkedModel(model, analysis));
  let info;
  try {
    info = lookupLayer(analysis, net.layers, layer);
  } catch (e) {
    throw badInput(`Test network '${name}' (${net.model}) has no layer '${layer}' to compare at.`, {
      file: net.model,
      hint: `Add "${layer}": "<tensor>" to its "layers" table in the config (${(e as Error).message.split('\n')[0]}).`,
    });
  }
  const s: RunnableSession = await openSession(cut(model, info.tensor), session);
  const [h, w] = net.inputSize;
  return {
    network: name,
    layer,
    tensor: info.tensor,
    shape: (info.shape ?? []).slice(1).filter((d): d is number => typeof d === 'number'),
    async activations(images) {
      const sized = images.dims[2] === h && images.dims[3] === w ? images : resizeAll(images, h, w);
      return (await s.run({ [net.input]: normalizeBatch(sized, net.mean, net.std) }, [info.tensor]))[info.tensor]!;
    },
  };
}

/** Per-image cosine (pixel-wise, with ε), L1 and Gram cosine of reconstruction vs original activations. */
export function compareAt(probe: Probe, recon: HostTensor, orig: HostTensor): NetworkMetrics {
  const a = recon.data as Float32Array;
  const b = orig.data as Float32Array;
  const pix = compareActivations(a, b, orig.dims);
  const gram = orig.dims.length === 4 ? gramCosine(a, b, orig.dims) : pix.map(() => NaN);
  const images: ImageMetrics[] = pix.map((m, i) => ({ cosine: m.cosine, l1: m.l1, gram: gram[i]! }));
  return {
    network: probe.network,
    layer: probe.layer,
    tensor: probe.tensor,
    cosine: summarize(images.map((m) => m.cosine)),
    l1: summarize(images.map((m) => m.l1)),
    gram: summarize(images.map((m) => m.gram)),
    images,
  };
}
