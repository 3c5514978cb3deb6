import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes a file so that readers see the old or the new content, never a torn one (temp file + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Replaces a whole folder atomically: fills a fresh sibling folder, then swaps it in. A crash leaves either the
 * previous folder or the new one (plus a stray temp folder that the next call removes).
 */
export function replaceDirAtomic(path: string, fill: (dir: string) => void): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const old = `${path}.old-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  fill(tmp);
  if (existsSync(path)) renameSync(path, old);
  renameSync(tmp, path);
  rmSync(old, { recursive: true, force: true });
}
