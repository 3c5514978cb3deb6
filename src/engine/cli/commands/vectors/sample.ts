/** gan-lens vectors sample. */
import type { CliIO } from '../../command';
import { badInput } from '../../../util/errors';
import { updateLibrary } from '../../../vectors/library';
import { libraryIdentity, sampleVectors } from '../../../vectors/sample';
import { intFlag, throttled } from '../../shared/options';
import { need, intList, context, partsFor, type Values } from './shared';

export async function sample(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'sample');
  const parts = await partsFor(ctx, need(v.layer, 'layer', 'sample'), v);
  const pos = v.position ? intList(v.position, 'position', []) : undefined;
  if (pos && pos.length !== 2) throw badInput(`--position ${v.position} must be Y,X.`);
  const print = throttled(io.err);
  const vs = await sampleVectors(parts, {
    n: intFlag('n', v.n, 1) ?? 64,
    seed: intFlag('seed', v.seed) ?? 0,
    ...(pos ? { position: [pos[0]!, pos[1]!] as [number, number] } : {}),
    signal: io.signal,
    onProgress: (d, t) => print(`[vectors sample] ${d}/${t}`, d === t),
  });
  const { setup } = parts;
  const added = await updateLibrary(ctx.libDir, libraryIdentity(setup), (lib) =>
    vs.map((s) => lib.add(s.vector, { provenance: s.provenance, tags: v.tag ? v.tag.split(',') : [] }).id),
  );
  io.out(`Added ${added.length} vectors of ${setup.layerName} (${setup.shape.join('×')}) to library '${ctx.libName}' (${added[0]}…${added[added.length - 1]}): ${ctx.libDir}`);
}
