/**
 * Sweep kind `invert-gd`: gradient-descent inversion (the paper's baseline, Algorithm 1) of the config's validation
 * images, one item per layer × regularisation × image shard. Shards are aligned to the GD batch and every batch is
 * seeded by its global index, so the merged folders equal what `gan-lens invert-gd` writes for the whole set.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { GanLensConfig } from '../../config/types';
import { openSource } from '../../image-sources/index';
import { GD_DEFAULTS, invertGd } from '../../gd/invert';
import type { GdRegularisation } from '../../gd/graphs';
import { imageFileId, writeGdOutputs, type GdRunMetrics } from '../../gd/outputs';
import { loadAnalysed } from '../../model/loaded';
import { lookupLayer } from '../../model/lookup-layer';
import { concatBatch } from '../../runtime/chunked-run';
import { readNpy, writeNpy } from '../../runtime/npy';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { LR_BOUNDS, intFlag, numFlag } from '../../cli/shared/options';
import type { PlanFlags, SweepKindImpl } from './kind';

const REGS: readonly GdRegularisation[] = ['none', 'fourier-jitter'];

interface InvertGdSettings {
  layers: string[];
  regs: GdRegularisation[];
  /** Images 0 … images−1 of the config's validation data. */
  images: number;
  shardSize: number;
  steps: number;
  lr: number;
  batchSize: number;
  seed: number;
}

interface ShardParams {
  layer: string;
  reg: GdRegularisation;
  start: number;
  end: number;
}

/** items/<id>/out/shard.json: what the merge needs besides the reconstructions. */
interface ShardResult extends ShardParams {
  layerName: string;
  layerTensor: string;
  ids: string[];
  finalLoss: number[];
  lossCurve: number[];
  seconds: number;
  secondsPerStep: number;
  setupSeconds: number;
}

const shardFile = (out: string): string => join(out, 'shard.json');
const reconFile = (out: string): string => join(out, 'recon.npy');
const runName = (layer: string, reg: string): string => `${layer}-${reg}`.replace(/[^A-Za-z0-9._-]+/g, '_');

function parseSettings(config: GanLensConfig, f: PlanFlags): InvertGdSettings {
  const str = (k: string): string | undefined => (typeof f[k] === 'string' ? f[k] : undefined);
  const layers = str('layers')?.split(',').map((l) => l.trim()).filter(Boolean) ?? [...new Set(config.pairs.map((p) => p.from))];
  if (!layers.length) throw badInput(`${config.file} lists no pairs; pass --layers layer1,layer2.`, { file: config.file });
  const regs = (str('regs')?.split(',').map((r) => r.trim()) ?? [...REGS]) as GdRegularisation[];
  for (const r of regs) if (!REGS.includes(r)) throw badInput(`--regs: '${r}' is not one of ${REGS.join(', ')}.`);
  const available = openSource(config.data.val, config.extractor.inputSize).count;
  const images = Math.min(intFlag('images', str('images'), 1) ?? config.evaluation.images ?? available, available);
  const batchSize = intFlag('gd-batch', str('gd-batch'), 1) ?? GD_DEFAULTS.batchSize;
  const shardSize = intFlag('shard-size', str('shard-size'), 1) ?? Math.max(batchSize, 4 * batchSize);
  if (shardSize % batchSize !== 0) {
    throw badInput(`--shard-size ${shardSize} is not a multiple of the GD batch (${batchSize}).`, {
      hint: `Shards aligned to batches reproduce a single run exactly; e.g. --shard-size ${Math.ceil(shardSize / batchSize) * batchSize}.`,
    });
  }
  return {
    layers,
    regs,
    images,
    shardSize,
    steps: intFlag('steps', str('steps'), 1) ?? GD_DEFAULTS.steps,
    lr: numFlag('lr', str('lr'), LR_BOUNDS) ?? GD_DEFAULTS.lr,
    batchSize,
    seed: intFlag('seed', str('seed')) ?? GD_DEFAULTS.seed,
  };
}

export const invertGdKind: SweepKindImpl = {
  flags: {
    layers: { type: 'string' },
    regs: { type: 'string' },
    images: { type: 'string' },
    'shard-size': { type: 'string' },
    steps: { type: 'string' },
    lr: { type: 'string' },
    'gd-batch': { type: 'string' },
    seed: { type: 'string' },
  },
  usage: `  --kind invert-gd: [--layers L1,L2] [--regs none,fourier-jitter] [--images N] [--shard-size K] [--steps N] [--lr X]
    [--gd-batch B] [--seed S]; one item per layer × regularisation × K images of the config's validation data
    (K a multiple of B); merge writes one \`gan-lens invert-gd\` folder per layer and regularisation.`,
  plan(config, f) {
    const s = parseSettings(config, f);
    const items: { id: string; params: Record<string, unknown> }[] = [];
    for (const layer of s.layers) {
      for (const reg of s.regs) {
        for (let start = 0; start < s.images; start += s.shardSize) {
          const params: ShardParams = { layer, reg, start, end: Math.min(s.images, start + s.shardSize) };
          const id = `${String(items.length).padStart(3, '0')}-invert-gd-${layer}-${reg}-${params.start}-${params.end}`.replace(/[^A-Za-z0-9._-]+/g, '_');
          items.push({ id, params: params as unknown as Record<string, unknown> });
        }
      }
    }
    return { settings: s as unknown as Record<string, unknown>, items };
  },
  // A shard is minutes of GD and not checkpointed: an interrupted item starts over.
  progress: () => 0,
  async runItem({ plan, item, config, out, session, signal, log }) {
    const s = plan.settings as unknown as InvertGdSettings;
    const p = item.params as unknown as ShardParams;
    const net = config.extractor;
    const { model, analysis } = await loadAnalysed(net.model, net.inputSize);
    const layer = lookupLayer(analysis, net.layers, p.layer);
    const source = openSource(config.data.val, net.inputSize);
    const indices = Array.from({ length: p.end - p.start }, (_, i) => p.start + i);
    const images = await source.batch(indices);
    const r = await invertGd(
      { extractor: model, inputName: net.input, inputSize: net.inputSize, mean: net.mean, std: net.std, layerTensor: layer.tensor },
      images,
      { reg: p.reg, steps: s.steps, lr: s.lr, batchSize: s.batchSize, seed: s.seed, firstIndex: p.start, session, signal, onProgress: (e) => e.step === e.steps && log(`[invert-gd ${p.layer} ${p.reg}] images ${p.start + e.imagesDone + 1}–${Math.min(p.end, p.start + e.imagesDone + s.batchSize)} L1 ${e.loss.toFixed(4)}`) },
    );
    // writeNpy writes in place: write beside, then rename, so a killed item leaves no torn .npy.
    const tmp = `${reconFile(out)}.tmp-${process.pid}`;
    writeNpy(tmp, r.reconstructions);
    renameSync(tmp, reconFile(out));
    const result: ShardResult = {
      ...p,
      layerName: layer.name,
      layerTensor: layer.tensor,
      ids: indices.map((i) => imageFileId(source.id(i))),
      finalLoss: r.finalLoss,
      lossCurve: r.lossCurve,
      seconds: r.seconds,
      secondsPerStep: r.secondsPerStep,
      setupSeconds: r.setupSeconds,
    };
    writeFileAtomic(shardFile(out), JSON.stringify(result, null, 2));
  },
  async merge({ plan, config, outs, log }, dir) {
    const s = plan.settings as unknown as InvertGdSettings;
    const net = config.extractor;
    const source = openSource(config.data.val, net.inputSize);
    const shards = plan.items.map((item, i) => {
      const f = shardFile(outs[i]!);
      if (!existsSync(f)) throw badInput(`Item ${item.id} is marked done but ${f} is missing.`, { file: f, hint: 'Delete its done.json and run `gan-lens sweep retry`.' });
      return { out: outs[i]!, result: JSON.parse(readFileSync(f, 'utf8')) as ShardResult };
    });
    const files: string[] = [];
    const rows: GdRunMetrics[] = [];
    for (const layer of s.layers) {
      for (const reg of s.regs) {
        const parts = shards.filter((x) => x.result.layer === layer && x.result.reg === reg).sort((a, b) => a.result.start - b.result.start);
        const n = parts.reduce((t, x) => t + (x.result.end - x.result.start), 0);
        const first = parts[0]!.result;
        const originals = await source.batch(Array.from({ length: n }, (_, i) => i));
        const batches = (x: ShardResult): number => Math.ceil((x.end - x.start) / s.batchSize);
        const stepRuns = parts.reduce((t, x) => t + batches(x.result), 0);
        const m = await writeGdOutputs(
          join(dir, runName(layer, reg)),
          originals,
          concatBatch(parts.map((x) => readNpy(reconFile(x.out)))),
          parts.flatMap((x) => x.result.ids),
          parts.flatMap((x) => x.result.finalLoss),
          {
            model: net.model,
            layer: { query: layer, name: first.layerName, tensor: first.layerTensor },
            reg,
            steps: s.steps,
            lr: s.lr,
            batchSize: s.batchSize,
            seed: s.seed,
            inputSize: net.inputSize,
            mean: net.mean,
            std: net.std,
            seconds: parts.reduce((t, x) => t + x.result.seconds, 0),
            secondsPerStep: parts.reduce((t, x) => t + x.result.secondsPerStep * batches(x.result), 0) / stepRuns,
            // Every shard builds its own graphs; a single run builds them once.
            setupSeconds: parts.reduce((t, x) => t + x.result.setupSeconds, 0) / parts.length,
            lossCurve: Array.from({ length: s.steps }, (_, k) => parts.reduce((t, x) => t + x.result.lossCurve[k]! * (x.result.end - x.result.start), 0) / n),
          },
        );
        rows.push(m);
        files.push(join(dir, runName(layer, reg), 'metrics.json'));
        log(`merged ${layer} ${reg}: ${parts.length} shard(s), ${n} image(s), final L1 ${m.finalL1.mean.toFixed(4)}`);
      }
    }
    const md = join(dir, 'invert-gd.md');
    writeFileAtomic(
      md,
      [
        '# Gradient-descent inversion sweep',
        '',
        `Config: \`${plan.config}\` · ${s.images} image(s) · ${s.steps} steps · lr ${s.lr} · batch ${s.batchSize} · seed ${s.seed}`,
        '',
        '| layer | regularisation | final L1 (mean ± std) | GD seconds | folder |',
        '|---|---|---|---|---|',
        ...rows.map((m) => `| ${m.layer.query} | ${m.reg} | ${m.finalL1.mean.toFixed(4)} ± ${m.finalL1.std.toFixed(4)} | ${m.seconds.toFixed(1)} | \`${runName(m.layer.query, m.reg)}\` |`),
        '',
      ].join('\n'),
    );
    return [md, ...files];
  },
};
