import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes a file so that readers see the old or the new content, never a torn one (temp file + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** The file-system steps of a folder swap, in order; tests crash after each one. */
export type SwapStep = 'clear-tmp' | 'make-tmp' | 'fill' | 'move-old' | 'move-new' | 'remove-old';

/**
 * Replaces a whole folder: fills a fresh sibling `<path>.tmp-<pid>`, moves the current folder to `<path>.old-<pid>`,
 * moves the new one in and removes the old one. A crash between the two moves leaves no `<path>` at all, but both
 * siblings: `recoverDir` (called before anyone reads the folder) puts the newest complete one back.
 * `afterStep` is called after each step (tests throw from it to simulate a crash there).
 */
export function replaceDirAtomic(path: string, fill: (dir: string) => void, afterStep?: (step: SwapStep) => void): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const old = `${path}.old-${process.pid}`;
  const done = (s: SwapStep): void => afterStep?.(s);
  rmSync(tmp, { recursive: true, force: true });
  done('clear-tmp');
  mkdirSync(tmp, { recursive: true });
  done('make-tmp');
  fill(tmp);
  done('fill');
  if (existsSync(path)) renameSync(path, old);
  done('move-old');
  renameSync(tmp, path);
  done('move-new');
  rmSync(old, { recursive: true, force: true });
  done('remove-old');
}

/**
 * Brings a folder swapped by `replaceDirAtomic` back after a crash: when `<path>` is missing or incomplete, the newest
 * complete sibling (`<path>.tmp-*` or `<path>.old-*`, ranked by `rank`, higher is newer) is moved into place. Stray
 * siblings are removed once `<path>` is complete. Returns what it did, for messages.
 */
export function recoverDir(
  path: string,
  isComplete: (dir: string) => boolean,
  rank: (dir: string) => number,
): { recoveredFrom: string | null } {
  const parent = dirname(path);
  if (!existsSync(parent)) return { recoveredFrom: null };
  const base = basename(path);
  const siblings = readdirSync(parent)
    .filter((n) => n.startsWith(`${base}.tmp-`) || n.startsWith(`${base}.old-`))
    .map((n) => join(parent, n));
  let recoveredFrom: string | null = null;
  if (!isComplete(path)) {
    const complete = siblings.filter(isComplete).sort((a, b) => rank(b) - rank(a));
    const best = complete[0];
    if (best) {
      rmSync(path, { recursive: true, force: true });
      renameSync(best, path);
      recoveredFrom = best;
    }
  }
  if (isComplete(path)) {
    for (const s of siblings) if (s !== recoveredFrom) rmSync(s, { recursive: true, force: true });
  }
  return { recoveredFrom };
}
