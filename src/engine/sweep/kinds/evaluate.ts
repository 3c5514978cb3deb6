/**
 * Sweep kind `evaluate`: the paper's protocol split per layer into one item for the one-pass methods (stitch, direct
 * copy, random images) and one per gradient-descent method. Merging rebuilds exactly what `gan-lens evaluate` writes.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_METHODS, assembleEvaluation, evaluateLayer, prepareEvaluation, type EvaluateOptions, type LayerEvaluation } from '../../evaluate/procedure';
import { writeReport } from '../../evaluate/report';
import type { LayerResult, MethodKind } from '../../evaluate/types';
import type { GanLensConfig } from '../../config/types';
import type { HostTensor } from '../../onnx/tensor';
import { readNpy, writeNpy } from '../../runtime/npy';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { evaluateChoices, evaluateFlags, type EvaluateChoices, type EvaluateFlagValues } from '../../cli/shared/evaluate-flags';
import type { PlanFlags, SweepKindImpl } from './kind';

/** What `gan-lens evaluate` takes, as plain JSON in the plan. */
type EvaluateSettings = EvaluateChoices & { layers: string[]; methods: MethodKind[] };

const GD: readonly MethodKind[] = ['gd-reg', 'gd-none'];

function options(config: GanLensConfig, s: EvaluateSettings): EvaluateOptions {
  return {
    config,
    layers: s.layers,
    methods: s.methods,
    ...(s.images ? { images: s.images } : {}),
    ...(s.steps ? { steps: s.steps } : {}),
    ...(s.lr ? { lr: s.lr } : {}),
    ...(s.gdBatchSize ? { gdBatchSize: s.gdBatchSize } : {}),
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s.ganTimingRuns ? { ganTimingRuns: s.ganTimingRuns } : {}),
    ...(s.runs ? { runs: s.runs } : {}),
    ...(s.train === false ? { train: false } : {}),
    training: s.training,
  };
}

function parseSettings(config: GanLensConfig, f: PlanFlags): EvaluateSettings {
  const c = evaluateChoices(f as EvaluateFlagValues);
  const layers = c.layers ?? [...new Set(config.pairs.map((p) => p.from))];
  if (!layers.length) throw badInput(`${config.file} lists no pairs; pass --layers layer1,layer2.`, { file: config.file });
  return { ...c, layers, methods: c.methods ?? [...ALL_METHODS] };
}

/** Per layer: the one-pass methods together (they share the stitch setup and take seconds), each GD method alone. */
function groups(methods: readonly MethodKind[]): { name: string; methods: MethodKind[] }[] {
  const fast = methods.filter((m) => !GD.includes(m));
  return [...(fast.length ? [{ name: 'one-pass', methods: fast }] : []), ...GD.filter((m) => methods.includes(m)).map((m) => ({ name: m, methods: [m] }))];
}

interface ItemParams {
  layer: string;
  methods: MethodKind[];
}

const resultFile = (out: string): string => join(out, 'layer.json');
const reconFile = (out: string, kind: MethodKind): string => join(out, `recon-${kind}.npy`);

export const evaluateKind: SweepKindImpl = {
  flags: evaluateFlags,
  usage: `  --kind evaluate: the flags of \`gan-lens evaluate\` ([--layers …] [--images N] [--steps N] [--lr X] [--gd-batch N] [--seed S]
    [--timing-runs N] [--methods …] [--runs DIR …] [--no-train] [--train-epochs N] [--train-samples N] [--grid-images N]);
    per layer one item for stitch, direct copy and random images, and one per GD method. merge writes
    report.json/md/html as \`gan-lens evaluate\` with the same settings would.`,
  plan(config, f) {
    const settings = parseSettings(config, f);
    let n = 0;
    const items = settings.layers.flatMap((layer) =>
      groups(settings.methods).map((g) => ({ id: `${String(n++).padStart(3, '0')}-evaluate-${layer}-${g.name}`.replace(/[^A-Za-z0-9._-]+/g, '_'), params: { layer, methods: g.methods } satisfies ItemParams as Record<string, unknown> })),
    );
    return { settings: settings as unknown as Record<string, unknown>, items };
  },
  // GD runs are not checkpointed: an interrupted item starts over (the stitch it may train resumes on its own).
  progress: () => 0,
  async runItem({ plan, item, config, out, session, signal, log }) {
    const s = plan.settings as unknown as EvaluateSettings;
    const p = item.params as unknown as ItemParams;
    const o = { ...options(config, s), session, signal, onProgress: (e: { message: string }) => log(`[evaluate] ${e.message}`) };
    const ctx = await prepareEvaluation(o);
    const r = await evaluateLayer(ctx, p.layer, p.methods, o);
    for (const [kind, t] of r.byMethod) {
      // writeNpy writes in place: write beside, then rename, so a killed item leaves no torn .npy.
      const tmp = `${reconFile(out, kind)}.tmp-${process.pid}`;
      writeNpy(tmp, t);
      renameSync(tmp, reconFile(out, kind));
    }
    writeFileAtomic(resultFile(out), JSON.stringify(r.result, null, 2));
  },
  async merge({ plan, config, outs }, dir) {
    const s = plan.settings as unknown as EvaluateSettings;
    const o = { ...options(config, s), session: plan.session };
    const ctx = await prepareEvaluation(o);
    const layers: LayerEvaluation[] = ctx.layers.map((layer) => {
      const parts = plan.items.map((item, i) => ({ item, out: outs[i]! })).filter((x) => (x.item.params as unknown as ItemParams).layer === layer);
      const results = parts.map((x) => {
        const f = resultFile(x.out);
        if (!existsSync(f)) throw badInput(`Item ${x.item.id} is marked done but ${f} is missing.`, { file: f, hint: 'Delete its done.json and run `gan-lens sweep retry`.' });
        return { out: x.out, result: JSON.parse(readFileSync(f, 'utf8')) as LayerResult };
      });
      const first = results[0]!.result;
      const methods = results.flatMap((r) => r.result.methods).sort((a, b) => ALL_METHODS.indexOf(a.kind) - ALL_METHODS.indexOf(b.kind));
      const byMethod = new Map<MethodKind, HostTensor>();
      for (const r of results) for (const m of r.result.methods) byMethod.set(m.kind, readNpy(reconFile(r.out, m.kind)));
      return { result: { ...first, methods }, byMethod };
    });
    const files = await writeReport(dir, assembleEvaluation(ctx, layers, plan.session), s.gridImages ? { gridImages: s.gridImages } : {});
    return [files.json, files.md, files.html];
  },
};
