import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** SHA-256 of the config file's bytes: a sweep refuses to run items of a plan whose config changed since. */
export function configHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
