/**
 * Containment of paths the editor takes from configs, reports and webviews: a path is used only when it lies
 * inside one of the allowed roots (the workspace folders, a report's folder), after resolving `..` and symlinks.
 * No `vscode` import, so it is tested directly.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

/** The real path when it exists (symlinks resolved), else the lexical one. */
function real(p: string): string {
  try {
    return realpathSync(resolve(p));
  } catch {
    return resolve(p);
  }
}

export function isInside(file: string, root: string): boolean {
  const rel = relative(real(root), real(file));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function isInsideAny(file: string, roots: readonly string[]): boolean {
  return roots.some((r) => isInside(file, r));
}
