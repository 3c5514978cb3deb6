/** A feature extractor cut at one layer, fed [0, 1] images of any size (resized bilinearly, then normalised). */
import type { NetworkConfig } from '../config/types';
import { cut } from '../onnx/surgery';
import type { HostTensor } from '../onnx/tensor';
import { openSession, type RunnableSession, type SessionOptions } from '../runtime/session';
import { resizeBilinear, unstackImage } from '../runtime/image';
import { loadAnalysed } from '../model/loaded';
import { lookupLayer } from '../model/lookup-layer';
import { normalizeBatch } from '../model/normalize';
import { graphMemory, knownShapes, type GraphMemory } from '../model/memory-budget';

export interface FeatureProbe {
  layerName: string;
  tensor: string;
  session: RunnableSession;
  memory: GraphMemory;
  /** Activations [N, C, H, W] of the layer for images [N, 3, h, w] in [0, 1]. */
  features(images: HostTensor): Promise<HostTensor>;
}

/** Images [N, 3, h, w] → the network's input: resized to its input size and normalised with its statistics. */
export function networkInput(net: NetworkConfig, images: HostTensor): HostTensor {
  const [n, c, h, w] = images.dims as [number, number, number, number];
  const [H, W] = net.inputSize;
  let x = images;
  if (h !== H || w !== W) {
    const data = new Float32Array(n * c * H * W);
    for (let i = 0; i < n; i++) data.set(resizeBilinear(unstackImage(images, i), H, W).data, i * c * H * W);
    x = { dtype: 'float32', dims: [n, c, H, W], data };
  }
  return normalizeBatch(x, net.mean, net.std);
}

export async function openFeatureProbe(net: NetworkConfig, layerName: string, session: SessionOptions = {}): Promise<FeatureProbe> {
  const { model, analysis } = await loadAnalysed(net.model, net.inputSize);
  const layer = lookupLayer(analysis, net.layers, layerName);
  const probeModel = cut(model, layer.tensor);
  const s = await openSession(probeModel, session);
  return {
    layerName,
    tensor: layer.tensor,
    session: s,
    memory: graphMemory(probeModel, knownShapes(analysis)),
    async features(images) {
      return (await s.run({ [net.input]: networkInput(net, images) }, [layer.tensor]))[layer.tensor]!;
    },
  };
}
