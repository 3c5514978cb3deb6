/** gan-lens vectors visualize. */
import { join, resolve } from 'node:path';
import type { CliIO } from '../../command';
import { encodeGridPng, type ImageTensor } from '../../../runtime/image';
import { writeFileAtomic } from '../../../util/atomic';
import { openLibrary } from '../../../vectors/library';
import { visualizeVectors } from '../../../vectors/visualize';
import { intFlag } from '../../shared/options';
import { need, intList, context, partsFor, selected, type Values } from './shared';

export async function visualize(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'visualize');
  const out = resolve(need(v.out, 'out', 'visualize'));
  const lib = openLibrary(ctx.libDir);
  const parts = await partsFor(ctx, lib.meta.tensor, v);
  const grids = intList(v.grids, 'grids', [0, 1, 2, 3, 4, 5]);
  const base = intFlag('base-seed', v['base-seed']);
  const items = selected(lib, v.vectors);
  const imgs = await visualizeVectors(parts, items.map((it) => ({ vector: it.vector, baseSeed: base ?? it.seed })), { grids, signal: io.signal });
  for (const [i, it] of items.entries()) writeFileAtomic(join(out, `${it.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`), await encodeGridPng(imgs[i]!, { cols: grids.length, padValue: 1 }));
  writeFileAtomic(join(out, 'all.png'), await encodeGridPng(imgs.flat() as ImageTensor[], { cols: grids.length, padValue: 1 }));
  io.out(`Visualised ${items.length} vectors at grid sizes ${grids.join(', ')} (0 = replicated): ${out}`);
}
