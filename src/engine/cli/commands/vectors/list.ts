/** gan-lens vectors list. */
import { resolve } from 'node:path';
import type { CliIO } from '../../command';
import { loadConfig } from '../../../config/load';
import { libraryDir, listLibraries, openLibrary } from '../../../vectors/library';
import { requireFolder, type Values } from './shared';

export function list(v: Values, io: CliIO): void {
  const workspace = resolve(v.workspace ?? (v.config ? loadConfig(v.config).dir : '.'));
  requireFolder(workspace, '--workspace');
  if (!v.library) {
    const libs = listLibraries(workspace);
    if (v.json) io.out(JSON.stringify(libs));
    else io.out(libs.length ? libs.map((n) => `${n}\t${openLibrary(libraryDir(workspace, n)).size} vectors`).join('\n') : `No vector libraries in ${workspace}.`);
    return;
  }
  const lib = openLibrary(libraryDir(workspace, v.library));
  if (v.json) {
    io.out(JSON.stringify(lib.meta, null, 2));
    return;
  }
  io.out(`Library '${lib.meta.name}': ${lib.size} vectors of ${lib.meta.layer} (${lib.meta.channels} channels)`);
  for (const e of lib.entries) {
    const p = e.provenance;
    const where = p.position ? ` seed ${p.seed} #${p.index} at (${p.position.join(', ')})` : '';
    const scores = Object.entries(e.scores).map(([k, s]) => `${k}=${s.toFixed(4)}`).join(' ');
    io.out(`${e.id}\t${e.name}\t${e.tags.join(',')}\t${p.source}${where}\t${scores}`);
  }
}
