/** gan-lens vectors pick. */
import type { CliIO } from '../../command';
import { badInput } from '../../../util/errors';
import { openLibrary, updateLibrary } from '../../../vectors/library';
import { openSegmenter } from '../../../paint/segmenter';
import { scoreLibraryForClass } from '../../../paint/pick-class';
import { intFlag, sessionOptions, throttled } from '../../shared/options';
import { need, network, context, partsFor, type Values } from './shared';

export async function pick(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'pick');
  const classId = need(intFlag('class', v.class), 'class', 'pick');
  const as = need(v.as, 'as', 'pick');
  const lib = openLibrary(ctx.libDir);
  const parts = await partsFor(ctx, lib.meta.tensor, v);
  const seg = await openSegmenter(network(ctx.cfg, v.network), v.output, sessionOptions(v));
  const print = throttled(io.err);
  const grid = intFlag('grid', v.grid) ?? 0;
  const scores = await scoreLibraryForClass(parts, seg, lib, classId, { grid, signal: io.signal, onProgress: (d, t) => print(`[vectors pick] ${d}/${t}`, d === t) });
  const best = scores[0];
  if (!best) throw badInput(`Library '${ctx.libName}' is empty.`, { hint: 'Add vectors with `gan-lens vectors sample`.' });
  await updateLibrary(ctx.libDir, undefined, (l) => {
    for (const s of scores) l.setScore(s.id, `class${classId}${grid ? `_grid${grid}` : ''}`, s.score);
    const winner = l.get(best.id);
    const existing = l.find(as);
    if (existing && existing.id !== best.id) l.remove(existing.id);
    if (winner.entry.name === winner.entry.id || winner.entry.name === as) {
      l.rename(best.id, as);
      l.tag(best.id, [`class${classId}`]);
    } else {
      // Already named (e.g. picked for another grid size): the new name gets its own entry with the same vector.
      l.add(winner.vector, { name: as, tags: [`class${classId}`], provenance: winner.entry.provenance, scores: winner.entry.scores, notes: `copy of ${best.id}` });
    }
  });
  io.out(`'${as}' = ${best.id}: mean probability of class ${classId} on its ${grid ? `grid-${grid}` : 'replicated'} image ${best.score.toFixed(4)} (next: ${scores.slice(1, 4).map((s) => `${s.id} ${s.score.toFixed(4)}`).join(', ')}).`);
}
