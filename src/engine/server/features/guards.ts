/** Parameter checks shared by the feature handlers: the wire is never trusted. */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { badInput } from '../../util/errors';
import type { EngineState } from '../state';

export function requireTrusted(state: EngineState, method: string): void {
  if (!state.trusted) {
    throw badInput(`${method}: the workspace is not trusted, so GAN Lens runs no models.`, { hint: 'Trust the workspace (Manage Workspace Trust) to run it.' });
  }
}

export function absolutePath(method: string, key: string, v: unknown, mustExist = true): string {
  if (typeof v !== 'string' || !isAbsolute(v)) throw badInput(`${method} needs an absolute path in '${key}', got ${JSON.stringify(v)}.`);
  if (mustExist && !existsSync(v)) throw badInput(`${method}: ${v} does not exist.`, { file: v });
  return v;
}

export function optionalInt(method: string, key: string, v: unknown, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw badInput(`${method}: '${key}' must be an integer in ${min}..${max}, got ${JSON.stringify(v)}.`);
  }
  return v;
}

export function requiredBoolean(method: string, key: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw badInput(`${method} needs true or false in '${key}', got ${JSON.stringify(v)}.`);
  return v;
}

export function requiredString(method: string, key: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw badInput(`${method} needs a non-empty string in '${key}', got ${JSON.stringify(v)}.`);
  return v;
}
