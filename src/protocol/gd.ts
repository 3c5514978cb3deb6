/** Gradient-descent inversion (the paper's baseline, Algorithm 1). */
import { RequestType } from 'vscode-jsonrpc';
import type { WireError } from './errors';
import type { JobParams, JobResultBase } from './progress';
import type { ReconstructImagesResult } from './stitch';

// gd/invert: gradient-descent inversion of a config's extractor layer (Algorithm 1), results shaped like the gallery's
export interface GdInvertParams extends JobParams {
  config: string;
  /** Extractor layer: a name of the config's layer table, a tensor, alias or readable name. */
  layer: string;
  regularisation: 'none' | 'fourier-jitter';
  count?: number;
  steps?: number;
  seed?: number;
  /** Run folder (absolute); default <config output>/gd/<layer>-<regularisation>-seed<seed>. */
  out?: string;
}
export interface GdInvertResult extends JobResultBase, ReconstructImagesResult {
  regularisation: 'none' | 'fourier-jitter';
  steps: number;
  lossCurve: number[];
}
export const GdInvertRequest = new RequestType<GdInvertParams, GdInvertResult, WireError>('gd/invert');
