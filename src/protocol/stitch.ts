/**
 * Stitching (Herdt et al., real-time inversion): training a 1x1 conv between an extractor layer and a generator layer,
 * its runs, reconstruction jobs and the gallery's warm layer switch. Paths are absolute on the engine's machine.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { WireError } from './errors';
import type { MetricSummary } from './metrics';
import type { JobParams, JobResultBase } from './progress';

export interface PairRef {
  from: string;
  /** A generator layer, or 'auto' (the layer at the same sampling distance). */
  to: string;
}

// stitch/train
export interface StitchTrainParams extends JobParams {
  /** Absolute path of the *.ganlens.json config. */
  config: string;
  pair: PairRef;
  /** Run folder; default `<config output>/stitch-<from>-<to>`. */
  outDir?: string;
  /** Continue from the run folder's last checkpoint (after a pause). */
  resume?: boolean;
  /** Replace a run already in outDir; without it (or resume) a trained run folder is refused. */
  overwrite?: boolean;
  epochs?: number;
  samplesPerEpoch?: number;
  validationSize?: number;
}
export interface StitchEpoch {
  epoch: number;
  step: number;
  samplesSeen: number;
  trainLoss: number;
  valCosine: number;
  valCosineStd: number;
  valL1: number;
  seconds: number;
}
export interface StitchTrainResult extends JobResultBase {
  outDir: string;
  pair: { from: string; to: string; fromTensor: string; toTensor: string };
  initial: { cosine: number; l1: number };
  epochs: StitchEpoch[];
  bestEpoch: number;
  best: { cosine: number; l1: number };
}
export const StitchTrainRequest = new RequestType<StitchTrainParams, StitchTrainResult, WireError>('stitch/train');

/** Sent after each validated epoch of a running stitch/train: the validation curve and the epoch's sample grid. */
export interface StitchEpochNotice {
  jobId: string;
  outDir: string;
  epochs: number;
  epoch: StitchEpoch;
  /** Absolute path of samples/epoch-NNN.png (originals above reconstructions). */
  samples: string;
}
export const StitchEpochNotification = new NotificationType<StitchEpochNotice>('stitch/epoch');

// stitch/runs: trained runs found under a config's output folder
export interface StitchRunsParams {
  config: string;
}
export interface StitchRunSummary {
  dir: string;
  pair: { from: string; to: string; fromTensor: string; toTensor: string };
  /** Best validation cosine, when metrics.json has epochs. */
  cosine?: number;
  epochs: number;
}
export const StitchRunsRequest = new RequestType<StitchRunsParams, StitchRunSummary[], WireError>('stitch/runs');

// stitch/reconstruct (a job) and stitch/layerSwitch (the gallery's warm path, same result)
export interface ReconstructImagesParams {
  /** Run folder of a trained stitch. */
  run: string;
  /** Image files; default: the first `count` images of the config's validation source. */
  images?: string[];
  count?: number;
  seed?: number;
}
export interface StitchReconstructParams extends JobParams, ReconstructImagesParams {
  /** Also write PNGs and metrics.json here. */
  outDir?: string;
}
export interface ReconstructedImage {
  id: string;
  /** PNG bytes, base64. */
  original: string;
  reconstruction: string;
  /** Pixel-wise cosine and L1 at LayerX between original and reconstruction. */
  cosine: number;
  l1: number;
}
export interface ReconstructImagesResult {
  run: string;
  layer: string;
  generatorLayer: string;
  seed: number;
  images: ReconstructedImage[];
  cosine: MetricSummary;
  /** Forward time per image, seconds. */
  secondsPerImage: number;
  /** Wall time of the request inside the engine (decode, forward, metrics, PNG encode), ms. */
  ms: number;
  /** Whether the reconstructor was already warm. */
  warm: boolean;
}
export interface StitchReconstructResult extends JobResultBase, ReconstructImagesResult {
  outDir?: string;
}
export const StitchReconstructRequest = new RequestType<StitchReconstructParams, StitchReconstructResult, WireError>('stitch/reconstruct');
export const StitchLayerSwitchRequest = new RequestType<ReconstructImagesParams, ReconstructImagesResult, WireError>('stitch/layerSwitch');
