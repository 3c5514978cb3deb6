/**
 * Sweep kind `evaluate`: the paper's protocol split per layer into one item for the one-pass methods (stitch, direct
 * copy, random images) and one per gradient-descent method — per image shard with `--shard-size K` (a multiple of the
 * GD batch: GD seeds each batch by its global image index, so shards reproduce the single run). Merging rebuilds
 * what `gan-lens evaluate` writes: per-image metrics concatenated and summarised again; the metrics at the inverted
 * layer (kept as summaries) pooled, equal to float rounding.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_METHODS, assembleEvaluation, evaluateLayer, imageShard, prepareEvaluation, type EvaluateOptions, type LayerEvaluation } from '../../evaluate/procedure';
import { mergeMethodShards } from '../../evaluate/merge-shards';
import { openSource } from '../../image-sources/index';
import { GD_DEFAULTS } from '../../gd/invert';
import { intFlag } from '../../cli/shared/options';
import { writeReport } from '../../evaluate/report';
import type { LayerResult, MethodKind, MethodResult } from '../../evaluate/types';
import type { GanLensConfig } from '../../config/types';
import type { HostTensor } from '../../onnx/tensor';
import { readNpy, writeNpy } from '../../runtime/npy';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { evaluateChoices, evaluateFlags, type EvaluateChoices, type EvaluateFlagValues } from '../../cli/shared/evaluate-flags';
import type { PlanFlags, SweepKindImpl } from './kind';

/** What `gan-lens evaluate` takes, as plain JSON in the plan. */
type EvaluateSettings = EvaluateChoices & { layers: string[]; methods: MethodKind[]; shardSize?: number; imageCount?: number };

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
  const settings: EvaluateSettings = { ...c, layers, methods: c.methods ?? [...ALL_METHODS] };
  const shardSize = intFlag('shard-size', typeof f['shard-size'] === 'string' ? f['shard-size'] : undefined, 1);
  if (shardSize === undefined) return settings;
  const gdBatch = c.gdBatchSize ?? config.evaluation.gd?.batchSize ?? GD_DEFAULTS.batchSize;
  if (shardSize % gdBatch !== 0) {
    throw badInput(`--shard-size ${shardSize} is not a multiple of the GD batch (${gdBatch}).`, { hint: `Shards aligned to batches reproduce a single run; e.g. --shard-size ${Math.ceil(shardSize / gdBatch) * gdBatch}.` });
  }
  const imageCount = Math.min(c.images ?? config.evaluation.images, openSource(config.data.val, config.extractor.inputSize).count);
  return { ...settings, shardSize, imageCount };
}

/** Per layer: the one-pass methods together (they share the stitch setup and take seconds), each GD method alone. */
function groups(methods: readonly MethodKind[]): { name: string; methods: MethodKind[] }[] {
  const fast = methods.filter((m) => !GD.includes(m));
  return [...(fast.length ? [{ name: 'one-pass', methods: fast }] : []), ...GD.filter((m) => methods.includes(m)).map((m) => ({ name: m, methods: [m] }))];
}

interface ItemParams {
  layer: string;
  methods: MethodKind[];
  /** A GD method's image shard [start, end); absent: every image. */
  start?: number;
  end?: number;
}

/** The GD groups split into image shards of `size` (one item when they would be one shard). */
function sharded(g: { name: string; methods: MethodKind[] }, s: EvaluateSettings): { name: string; params: Omit<ItemParams, 'layer'> }[] {
  const n = s.imageCount ?? 0;
  const size = s.shardSize;
  if (!size || !GD.includes(g.methods[0]!) || n <= size) return [{ name: g.name, params: { methods: g.methods } }];
  const out: { name: string; params: Omit<ItemParams, 'layer'> }[] = [];
  for (let start = 0; start < n; start += size) out.push({ name: `${g.name}-${start}`, params: { methods: g.methods, start, end: Math.min(n, start + size) } });
  return out;
}

const resultFile = (out: string): string => join(out, 'layer.json');
const reconFile = (out: string, kind: MethodKind): string => join(out, `recon-${kind}.npy`);

export const evaluateKind: SweepKindImpl = {
  flags: { ...evaluateFlags, 'shard-size': { type: 'string' } },
  usage: `  --kind evaluate: the flags of \`gan-lens evaluate\` ([--layers …] [--images N] [--steps N] [--lr X] [--gd-batch N] [--seed S]
    [--timing-runs N] [--methods …] [--runs DIR …] [--no-train] [--train-epochs N] [--train-samples N] [--grid-images N]);
    per layer one item for stitch, direct copy and random images, and one per GD method — or, with
    [--shard-size K] (a multiple of the GD batch), one per GD method and K images. merge writes
    report.json/md/html as \`gan-lens evaluate\` with the same settings would.`,
  plan(config, f) {
    const settings = parseSettings(config, f);
    let n = 0;
    const items = settings.layers.flatMap((layer) =>
      groups(settings.methods).flatMap((g) =>
        sharded(g, settings).map((x) => ({ id: `${String(n++).padStart(3, '0')}-evaluate-${layer}-${x.name}`.replace(/[^A-Za-z0-9._-]+/g, '_'), params: { layer, ...x.params } satisfies ItemParams as Record<string, unknown> })),
      ),
    );
    return { settings: settings as unknown as Record<string, unknown>, items };
  },
  // GD runs are not checkpointed: an interrupted item starts over (the stitch it may train resumes on its own).
  progress: () => 0,
  async runItem({ plan, item, config, out, session, signal, log }) {
    const s = plan.settings as unknown as EvaluateSettings;
    const p = item.params as unknown as ItemParams;
    const o = { ...options(config, s), session, signal, onProgress: (e: { message: string }) => log(`[evaluate] ${e.message}`) };
    const all = await prepareEvaluation(o);
    const ctx = p.start !== undefined && p.end !== undefined ? imageShard(all, p.start, p.end) : all;
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
      const byKind = new Map<MethodKind, { start: number; result: MethodResult; recon: HostTensor }[]>();
      for (const [i, r] of results.entries()) {
        const start = (parts[i]!.item.params as unknown as ItemParams).start ?? 0;
        for (const m of r.result.methods) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), { start, result: m, recon: readNpy(reconFile(r.out, m.kind)) }]);
      }
      const byMethod = new Map<MethodKind, HostTensor>();
      const methods: MethodResult[] = [];
      for (const [kind, shards] of byKind) {
        const merged = shards.length === 1 ? { result: shards[0]!.result, recon: shards[0]!.recon } : mergeMethodShards(shards);
        byMethod.set(kind, merged.recon);
        methods.push(merged.result);
      }
      methods.sort((a, b) => ALL_METHODS.indexOf(a.kind) - ALL_METHODS.indexOf(b.kind));
      return { result: { ...first, methods }, byMethod };
    });
    const files = await writeReport(dir, assembleEvaluation(ctx, layers, plan.session), s.gridImages ? { gridImages: s.gridImages } : {});
    return [files.json, files.md, files.html];
  },
};
