/** The activation-vector library and atlas: listing, ranking by tileability, adding. */
import { RequestType } from 'vscode-jsonrpc';
import type { WireError } from './errors';
import type { JobParams, JobResultBase } from './progress';

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

/** vectors/starter (a job): sample, rank by tileability and name one vector per segmenter class, as one step. */
export interface VectorsStarterParams extends JobParams {
  config: string;
  /** New library under <config folder>/.ganlens/vectors (default 'starter'). */
  library?: string;
  /** LayerX; default: the configured generator layer nearest 1/8 of the output side. */
  layer?: string;
  n?: number;
  seed?: number;
  /** Segmenter class names in label order; default class0, class1, … */
  classNames?: string[];
}
export interface VectorsStarterPick {
  classId: number;
  name: string;
  id: string;
  score: number;
  tileability: number;
}
export interface VectorsStarterResult extends JobResultBase {
  library: string;
  layer: string;
  n: number;
  picks: VectorsStarterPick[];
}
export const VectorsStarterRequest = new RequestType<VectorsStarterParams, VectorsStarterResult, WireError>('vectors/starter');
