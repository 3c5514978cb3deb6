/** gan-lens vectors appendix. */
import { join, resolve } from 'node:path';
import type { CliIO } from '../../command';
import { readModel } from '../../../onnx/io';
import { writeFileAtomic } from '../../../util/atomic';
import { runAppendix } from '../../../vectors/appendix';
import { linePlotSvg } from '../../../vectors/plot';
import { openFeatureProbe } from '../../../vectors/probe';
import { LR_BOUNDS, intFlag, numFlag, sessionOptions } from '../../shared/options';
import { need, intList, network, defaultFeatureLayer, context, partsFor, type Values } from './shared';

export async function appendix(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'appendix');
  const out = resolve(need(v.out, 'out', 'appendix'));
  const parts = await partsFor(ctx, need(v.layer, 'layer', 'appendix'), v);
  const net = network(ctx.cfg, v.network);
  const probe = await openFeatureProbe(net, defaultFeatureLayer(net, v['feature-layer']), sessionOptions(v));
  const lr = numFlag('lr', v.lr, LR_BOUNDS);
  const r = await runAppendix(parts, {
    extractor: readModel(net.model),
    net,
    probe,
    grids: intList(v.grids, 'grids', [0, 1, 2, 3, 4, 5]),
    n: intFlag('n', v.n, 1) ?? 16,
    repeats: intFlag('repeats', v.repeats, 1) ?? 3,
    steps: intFlag('steps', v.steps, 1) ?? 100,
    ...(lr ? { lr } : {}),
    seed: intFlag('seed', v.seed) ?? 0,
    session: sessionOptions(v),
    signal: io.signal,
    onProgress: (l) => io.err(`[vectors appendix] ${l}`),
  });
  writeFileAtomic(join(out, 'appendix.json'), `${JSON.stringify({ config: ctx.cfg.file, ...r }, null, 2)}\n`);
  writeFileAtomic(
    join(out, 'appendix.svg'),
    linePlotSvg(r.grids.map((g) => ({ x: g.grid, y: g.cosine, err: g.std })), {
      title: `Cosine to the LayerY target (${r.layer} → ${r.featureLayer})`,
      xLabel: 'grid size (0 = one vector)',
      yLabel: 'cosine similarity',
    }),
  );
  const best = r.grids.reduce((a, b) => (b.cosine > a.cosine ? b : a));
  io.out(`Appendix: ${r.grids.map((g) => `grid ${g.grid} ${g.cosine.toFixed(4)}±${g.std.toFixed(4)}`).join(', ')}; best grid ${best.grid}. ${r.seconds.toFixed(0)} s. Output: ${out}`);
}
