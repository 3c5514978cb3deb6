/**
 * A killed item can leave the temp files of atomic writes behind (util/atomic: `X.tmp-PID…`, `X.old-PID`). Before an
 * item starts again they are removed, except an `X.old-PID` whose `X` is missing (killed between the two renames of
 * replaceDirAtomic): that is the last complete copy, so it is put back.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TEMP = /^(.*)\.(tmp|old)-\d+(-\d+)?$/;

export function removeStrayTemps(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const m = TEMP.exec(e.name);
    if (m) {
      const original = join(dir, m[1]!);
      if (m[2] === 'old' && !existsSync(original)) renameSync(p, original);
      else {
        rmSync(p, { recursive: true, force: true });
        removed.push(p);
      }
    } else if (e.isDirectory()) removed.push(...removeStrayTemps(p));
  }
  return removed;
}
