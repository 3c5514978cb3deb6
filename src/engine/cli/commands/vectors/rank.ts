/** gan-lens vectors rank. */
import { resolve } from 'node:path';
import type { CliIO } from '../../command';
import { updateLibrary } from '../../../vectors/library';
import { openFeatureProbe } from '../../../vectors/probe';
import { rankVectors, writeRanking } from '../../../vectors/rank';
import { libraryIdentity } from '../../../vectors/sample';
import { intFlag, sessionOptions, throttled } from '../../shared/options';
import { need, network, defaultFeatureLayer, context, partsFor, type Values } from './shared';

export async function rank(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'rank');
  const out = resolve(need(v.out, 'out', 'rank'));
  const parts = await partsFor(ctx, need(v.layer, 'layer', 'rank'), v);
  const net = network(ctx.cfg, v.network);
  const probe = await openFeatureProbe(net, defaultFeatureLayer(net, v['feature-layer']), sessionOptions(v));
  const print = throttled(io.err);
  const n = intFlag('n', v.n, 1) ?? 2048;
  const seed = intFlag('seed', v.seed) ?? 0;
  const r = await rankVectors(parts, probe, {
    n,
    seed,
    gridSize: intFlag('grid', v.grid, 1) ?? 2,
    ...(v.batch ? { batchSize: intFlag('batch', v.batch, 1)! } : {}),
    signal: io.signal,
    onProgress: (stage, d, t) => print(`[vectors rank] ${stage} ${d}/${t}`, d === t),
  });
  await writeRanking(parts, r, out, intFlag('top', v.top, 1) ?? 4, { config: ctx.cfg.file, seed, network: v.network ?? 'extractor' });
  const keep = intFlag('keep', v.keep, 1);
  if (keep) {
    const { setup } = parts;
    const chosen = [...r.ranked.slice(0, keep).map((x) => ({ x, tag: 'tileable' })), ...r.ranked.slice(-keep).map((x) => ({ x, tag: 'non-tileable' }))];
    await updateLibrary(ctx.libDir, libraryIdentity(setup), (lib) =>
      chosen.forEach(({ x, tag }) => lib.add(x.vector, { provenance: x.provenance, tags: [tag], scores: { tileability: x.score } })),
    );
  }
  const s = r.ranked.map((x) => x.score);
  io.out(`Ranked ${n} vectors of ${r.layer} by tileability (${r.featureLayer}, grid ${r.gridSize}): top ${s[0]!.toFixed(4)}, median ${s[Math.floor(s.length / 2)]!.toFixed(4)}, bottom ${s[s.length - 1]!.toFixed(4)}; ${(r.secondsPerVector * 1000).toFixed(1)} ms/vector. Output: ${out}`);
}
