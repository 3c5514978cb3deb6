/**
 * A gradient-descent inversion job, start to finish: the extractor layer resolved, the images read, Algorithm 1 run,
 * the reconstructions scored at the layer (cosine and L1, as the gallery shows them) and the run folder written. The
 * CLI (`gan-lens invert-gd`) and the engine method `gd/invert` only parse, validate and call this.
 */
import type { NetworkConfig } from '../config/types';
import type { ImageSource } from '../image-sources/source';
import type { HostTensor } from '../onnx/tensor';
import type { LayerInfo } from '../../protocol/model';
import { loadAnalysed } from '../model/loaded';
import { lookupLayer } from '../model/lookup-layer';
import { normalizeBatch } from '../model/normalize';
import { cut } from '../onnx/surgery';
import { openSession, type SessionOptions } from '../runtime/session';
import { compareActivations } from '../metrics/activations';
import { GD_DEFAULTS, invertGd, type GdProgress, type GdResult } from './invert';
import type { GdRegularisation } from './graphs';
import { imageFileId, writeGdOutputs, type GdRunMetrics } from './outputs';

export interface GdRunRequest {
  /** The extractor as a config names it (model path absolute). */
  extractor: Pick<NetworkConfig, 'model' | 'input' | 'inputSize' | 'mean' | 'std'> & { layers?: Record<string, string> };
  /** A name of the extractor's layer table, a tensor, alias or readable name. */
  layer: string;
  images: ImageSource;
  /** Images 0 … count−1 of the source (all when absent). */
  count?: number;
  reg: GdRegularisation;
  steps?: number;
  lr?: number;
  batchSize?: number;
  seed?: number;
  /** The run folder: images/*.png, grid.png, metrics.json. */
  out: string;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (p: GdProgress) => void;
}

export interface GdRun {
  layer: LayerInfo;
  ids: string[];
  originals: HostTensor;
  result: GdResult;
  /** Per image at the inverted layer: reconstruction against original. */
  scores: { cosine: number; l1: number }[];
  metrics: GdRunMetrics;
}

export async function runGdInversion(r: GdRunRequest): Promise<GdRun> {
  const ext = r.extractor;
  const { model, analysis } = await loadAnalysed(ext.model, ext.inputSize);
  const layer = lookupLayer(analysis, ext.layers ?? {}, r.layer);
  const n = Math.min(r.count ?? r.images.count, r.images.count);
  const indices = Array.from({ length: n }, (_, i) => i);
  const originals = await r.images.batch(indices);
  const o = {
    steps: r.steps ?? GD_DEFAULTS.steps,
    lr: r.lr ?? GD_DEFAULTS.lr,
    batchSize: r.batchSize ?? GD_DEFAULTS.batchSize,
    seed: r.seed ?? GD_DEFAULTS.seed,
  };
  const target = { extractor: model, inputName: ext.input, inputSize: ext.inputSize, mean: ext.mean, std: ext.std, layerTensor: layer.tensor };
  const result = await invertGd(target, originals, { reg: r.reg, ...o, ...(r.session ? { session: r.session } : {}), ...(r.signal ? { signal: r.signal } : {}), ...(r.onProgress ? { onProgress: r.onProgress } : {}) });
  const extract = await openSession(cut(model, layer.tensor), r.session);
  const at = async (x: HostTensor): Promise<HostTensor> => (await extract.run({ [ext.input]: normalizeBatch(x, ext.mean, ext.std) }))[layer.tensor]!;
  const a = await at(originals);
  const scores = compareActivations((await at(result.reconstructions)).data as Float32Array, a.data as Float32Array, a.dims).map((m) => ({ cosine: m.cosine, l1: m.l1 }));
  const ids = indices.map((i) => imageFileId(r.images.id(i)));
  const metrics = await writeGdOutputs(r.out, originals, result.reconstructions, ids, result.finalLoss, {
    model: ext.model,
    layer: { query: r.layer, name: layer.name, tensor: layer.tensor },
    reg: r.reg,
    ...o,
    inputSize: ext.inputSize,
    mean: ext.mean,
    std: ext.std,
    seconds: result.seconds,
    secondsPerStep: result.secondsPerStep,
    setupSeconds: result.setupSeconds,
    lossCurve: result.lossCurve,
  });
  return { layer, ids, originals, result, scores, metrics };
}
