/** The --config flag every config-driven command takes, and the one way to read it. */
import { loadConfig } from '../../config/load';
import type { GanLensConfig } from '../../config/types';
import { badInput } from '../../util/errors';

export const configFlags = { config: { type: 'string' } } as const;

/** The config named by --config, loaded and checked; a bad-input error naming the command when it is missing. */
export function requireConfig(command: string, values: { config?: string | undefined }, usage?: string): GanLensConfig {
  if (!values.config) throw badInput(`${command} needs --config C.ganlens.json.${usage ? `\n\n${usage}` : ''}`);
  return loadConfig(values.config);
}

/** The config named by --config when given. */
export function optionalConfig(values: { config?: string | undefined }): GanLensConfig | undefined {
  return values.config ? loadConfig(values.config) : undefined;
}
