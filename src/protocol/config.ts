/** Config checks for the editor's diagnostics. */
import { RequestType } from 'vscode-jsonrpc';
import type { WireError } from './errors';

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

// config/propose: a first config for an extractor and a generator, proposed from the models (gan-lens init)
export interface ConfigProposeParams {
  /** The config file to propose (absolute, *.ganlens.json); its paths are written relative to its folder. */
  file: string;
  extractor: string;
  generator: string;
  /** Folder of training (and validation) images. */
  images: string;
  /** The extractor layer to invert; default: the most down-sampled one with a generator layer at its distance. */
  layer?: string;
  mean?: [number, number, number];
  std?: [number, number, number];
  /** Write the file (refused when it exists). Without it the proposal only comes back. */
  write?: boolean;
}
export interface ConfigProposeResult {
  /** The config as written (or as it would be). */
  config: Record<string, unknown>;
  /** What was chosen and why, one line each. */
  notes: string[];
  written: boolean;
}
export const ConfigProposeRequest = new RequestType<ConfigProposeParams, ConfigProposeResult, WireError>('config/propose');

// config/generators: the .onnx files of a folder tree that GAN Lens can drive as generators (or, with role
// 'extractor', those it can invert: an image input (N, 3, H, W))
export interface ConfigGeneratorsParams {
  folder: string;
  role?: 'generator' | 'extractor';
}
export interface GeneratorCandidate {
  file: string;
  /** Latent inputs and output, for the pick's description: "z [512] → image [3, 256, 256]". */
  summary: string;
}
export const ConfigGeneratorsRequest = new RequestType<ConfigGeneratorsParams, GeneratorCandidate[], WireError>('config/generators');
