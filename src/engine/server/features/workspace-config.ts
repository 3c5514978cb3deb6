/**
 * A config as the editor's engine reads it: validated, and refused when one of its paths (models, data, output) or
 * the config itself lies outside the folders the host allowed (the workspace folders and ganLens.allowedPaths). The
 * message names the key and the resolved path, never what the file holds.
 */
import { loadConfig } from '../../config/load';
import { isWithin, pathsOutside } from '../../config/paths';
import type { GanLensConfig } from '../../config/types';
import { badInput } from '../../util/errors';
import type { EngineState } from '../state';
import { absolutePath } from './guards';

export function workspaceConfig(state: EngineState, method: string, file: unknown): GanLensConfig {
  const path = absolutePath(method, 'config', file);
  const roots = state.roots;
  const hint = 'Keep models, data and outputs inside the workspace, or add their folder to the setting ganLens.allowedPaths.';
  if (roots && !roots.some((r) => isWithin(path, r))) throw badInput(`${method}: the config ${path} is outside the workspace.`, { file: path, hint });
  const config = loadConfig(path);
  const outside = roots ? pathsOutside(config, roots) : [];
  if (outside.length) {
    throw badInput(`${method}: ${config.file}: ${outside.map((p) => `${p.key} resolves to ${p.path}`).join('; ')} — outside the workspace.`, { file: config.file, hint });
  }
  return config;
}
