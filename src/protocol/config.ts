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
