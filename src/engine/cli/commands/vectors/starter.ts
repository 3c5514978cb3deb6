/** gan-lens vectors starter: sample, rank by tileability and name one vector per segmenter class, as one job. */
import { resolve } from 'node:path';
import type { CliIO } from '../../command';
import { loadConfig } from '../../../config/load';
import { buildStarterLibrary } from '../../../vectors/starter';
import { intFlag, sessionOptions, throttled } from '../../shared/options';
import { need, requireFolder, type Values } from './shared';

export async function starter(v: Values, io: CliIO): Promise<void> {
  const cfg = loadConfig(need(v.config, 'config', 'starter'));
  const workspace = resolve(v.workspace ?? cfg.dir);
  requireFolder(workspace, '--workspace');
  const print = throttled(io.err);
  const r = await buildStarterLibrary(cfg, {
    workspace,
    ...(v.library ? { library: v.library } : {}),
    ...(v.layer ? { layer: v.layer } : {}),
    n: intFlag('n', v.n, 1) ?? 64,
    seed: intFlag('seed', v.seed) ?? 0,
    ...(v.classes ? { classNames: v.classes.split(',') } : {}),
    ...(v['feature-layer'] ? { featureLayer: v['feature-layer'] } : {}),
    session: sessionOptions(v),
    signal: io.signal,
    onProgress: (stage, d, t) => print(`[vectors starter] ${stage} ${d}/${t}`, d === t),
  });
  for (const p of r.picks) {
    io.out(`${p.name}\t${p.id}\tclass ${p.classId} probability ${p.score.toFixed(4)}\ttileability ${p.tileability.toFixed(4)} (rank ${p.tileabilityRank + 1} of ${r.n})\tlatent seed ${p.latentSeed} at (${p.position?.join(', ')})`);
  }
  io.out(`Library '${r.library}': ${r.picks.length} named vectors of ${r.layer} from ${r.n} sampled, ${r.seconds.toFixed(1)} s: ${r.dir}`);
}
