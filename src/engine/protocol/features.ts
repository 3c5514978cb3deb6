/**
 * Feature methods of the engine protocol: stitch training and reconstruction (with the gallery's warm layer-switch
 * path), evaluation reports, painting sessions and the vector library. Paths are absolute on the engine's machine.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { WireError } from './errors';
import type { JobParams, JobResultBase } from './progress';

export interface PairRef {
  from: string;
  /** A generator layer, or 'auto' (the layer at the same sampling distance). */
  to: string;
}

export interface MetricSummary {
  mean: number;
  std: number;
  min: number;
  max: number;
  n: number;
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

// evaluate/report
export interface EvaluateReportParams {
  /** report.json, or the folder holding it. */
  file: string;
}
export interface ReportMethod {
  kind: string;
  label: string;
  seconds: number;
  secondsPerImage: number;
  /** Per test network: mean cosine, L1 and Gram cosine. */
  metrics: { network: string; layer: string; cosine: MetricSummary; l1: MetricSummary; gram: MetricSummary }[];
  extractor: { cosine: MetricSummary; l1: MetricSummary };
  note?: string;
}
export interface EvaluateReportResult {
  file: string;
  title: string;
  created: string;
  settings: { images: number; steps: number; lr: number; testNetworks: string[] };
  machine: { cpus: number; cpuModel: string; provider: string; threads: number };
  layers: { layer: string; tensor: string; shape: number[]; methods: ReportMethod[]; grid: string; gridRows: string[] }[];
  speedups: { versus: string; min: number; mean: number; max: number }[];
}
export const EvaluateReportRequest = new RequestType<EvaluateReportParams, EvaluateReportResult, WireError>('evaluate/report');

// paint/*
export interface PaintOpenParams {
  config: string;
  /** Palette file; default: one entry per library vector with generated colours. */
  palette?: string;
  library?: string;
}
export interface PaintPaletteEntry {
  label: number;
  name: string;
  color: string;
  vector: string;
}
export interface PaintOpenResult {
  sessionId: string;
  library: string;
  palette: PaintPaletteEntry[];
  keepColor: string;
  /** Output image [H, W] and the LayerX grid the mask is painted on. */
  imageSize: [number, number];
  maskSize: [number, number];
}
export const PaintOpenRequest = new RequestType<PaintOpenParams, PaintOpenResult, WireError>('paint/open');

export interface PaintRepaintParams {
  sessionId: string;
  /** RGB mask PNG, base64, at any resolution (palette colours; keep colour or anything else = keep). */
  mask: string;
  seed: number;
  variations?: number;
  vary?: 'latent' | 'noise';
}
export interface PaintRepaintResult {
  images: string[];
  seeds: number[];
  /** Painter forward time (ms) and the whole request inside the engine (ms). */
  paintMs: number;
  ms: number;
}
export const PaintRepaintRequest = new RequestType<PaintRepaintParams, PaintRepaintResult, WireError>('paint/repaint');

export interface PaintExportParams extends PaintRepaintParams {
  outDir: string;
}
export interface PaintExportResult {
  files: string[];
}
export const PaintExportRequest = new RequestType<PaintExportParams, PaintExportResult, WireError>('paint/export');

export interface PaintBatchParams extends JobParams {
  sessionId: string;
  outDir: string;
  count: number;
  seed?: number;
}
export interface PaintBatchResult extends JobResultBase {
  outDir: string;
  count: number;
}
export const PaintBatchRequest = new RequestType<PaintBatchParams, PaintBatchResult, WireError>('paint/batch');

export interface PaintCloseParams {
  sessionId: string;
}
export const PaintCloseRequest = new RequestType<PaintCloseParams, void, WireError>('paint/close');

// vectors/*
export interface VectorsListParams {
  /** Folder holding .ganlens/vectors. */
  workspace: string;
  library?: string;
}
export interface VectorEntrySummary {
  id: string;
  name: string;
  tags: string[];
  scores: Record<string, number>;
}
export interface VectorsListResult {
  libraries: string[];
  library?: { name: string; layer: string; tensor: string; channels: number; entries: VectorEntrySummary[] };
}
export const VectorsListRequest = new RequestType<VectorsListParams, VectorsListResult, WireError>('vectors/list');


// gd/invert: gradient-descent inversion of a config's extractor layer (Algorithm 1), results shaped like the gallery's
export interface GdInvertParams extends JobParams {
  config: string;
  /** Extractor layer: a name of the config's layer table, a tensor, alias or readable name. */
  layer: string;
  regularisation: 'none' | 'fourier-jitter';
  count?: number;
  steps?: number;
  seed?: number;
}
export interface GdInvertResult extends JobResultBase, ReconstructImagesResult {
  regularisation: 'none' | 'fourier-jitter';
  steps: number;
  lossCurve: number[];
}
export const GdInvertRequest = new RequestType<GdInvertParams, GdInvertResult, WireError>('gd/invert');


// config/check: the engine's own validation of a *.ganlens.json (schema, cross references, files), for diagnostics
export interface ConfigCheckParams {
  /** Absolute path (relative paths in the config resolve against its folder). */
  file: string;
  /** The editor's text (may be unsaved). */
  text: string;
}
export interface ConfigProblem {
  /** JSON pointer of the offending value ('' for the whole document). */
  pointer: string;
  message: string;
  /** For JSON syntax errors: character offset. */
  offset?: number;
  /** Warnings name what may still resolve when the model is analysed (a readable layer name, not a table key). */
  severity?: 'warning';
}
export const ConfigCheckRequest = new RequestType<ConfigCheckParams, ConfigProblem[], WireError>('config/check');

// vectors/rank (a job) and vectors/add: the activation atlas
export interface VectorsRankParams extends JobParams {
  config: string;
  /** Generator layer (LayerX): a config layer name, tensor, alias or readable name. */
  layer: string;
  /** Vectors sampled and scored. */
  n?: number;
  seed?: number;
  /** How many of the most and of the least tileable to return. */
  show?: number;
  /** Test network for the tileability probe ('extractor' or a testNetworks key) and its layer. */
  network?: string;
  featureLayer?: string;
}
export interface AtlasVector {
  /** 0 = most tileable. */
  rank: number;
  score: number;
  /** The vector replicated over the whole LayerX, PNG base64. */
  image: string;
  latentSeed?: number;
  position?: [number, number];
}
export interface VectorsRankResult extends JobResultBase {
  /** Keeps the ranked vectors in the engine for vectors/add. */
  rankingId: string;
  layer: string;
  tensor: string;
  n: number;
  tileable: AtlasVector[];
  nonTileable: AtlasVector[];
  secondsPerVector: number;
}
export const VectorsRankRequest = new RequestType<VectorsRankParams, VectorsRankResult, WireError>('vectors/rank');

export interface VectorsAddParams {
  rankingId: string;
  rank: number;
  /** Library name under <config folder>/.ganlens/vectors (default 'default'). */
  library?: string;
  name?: string;
}
export interface VectorsAddResult {
  library: string;
  id: string;
  name: string;
  size: number;
}
export const VectorsAddRequest = new RequestType<VectorsAddParams, VectorsAddResult, WireError>('vectors/add');


export const FEATURE_METHODS = [
  StitchTrainRequest.method,
  StitchRunsRequest.method,
  StitchReconstructRequest.method,
  StitchLayerSwitchRequest.method,
  EvaluateReportRequest.method,
  PaintOpenRequest.method,
  PaintRepaintRequest.method,
  PaintExportRequest.method,
  PaintBatchRequest.method,
  PaintCloseRequest.method,
  VectorsListRequest.method,
  GdInvertRequest.method,
  ConfigCheckRequest.method,
  VectorsRankRequest.method,
  VectorsAddRequest.method,
] as const;
