/** Sweep kind `stitch`: one item per stitch pair, each a `gan-lens stitch` run resumable from its checkpoints. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PairConfig } from '../../config/types';
import { hasCheckpoint, readCheckpoint } from '../../stitch/checkpoint';
import { trainStitch, type EpochMetrics } from '../../stitch/train';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { intFlag } from '../../cli/shared/options';
import type { SweepKindImpl } from './kind';

interface StitchSettings {
  epochs?: number;
  samplesPerEpoch?: number;
  validationSize?: number;
  checkpointEvery?: number;
}

const runFolder = (out: string, pair: PairConfig): string => join(out, `stitch-${pair.from}-${pair.to}`.replace(/[^A-Za-z0-9._-]+/g, '_'));

export interface MergedStitch {
  pair: { from: string; to: string; fromTensor: string; toTensor: string };
  run: string;
  initial: { cosine: number; l1: number };
  bestEpoch: number;
  epochs: EpochMetrics[];
}

export const stitchKind: SweepKindImpl = {
  flags: {
    pairs: { type: 'string' },
    epochs: { type: 'string' },
    'samples-per-epoch': { type: 'string' },
    'validation-size': { type: 'string' },
    'checkpoint-every': { type: 'string' },
  },
  usage: `  --kind stitch: [--pairs FROM:TO,…] [--epochs N] [--samples-per-epoch N] [--validation-size N] [--checkpoint-every STEPS]
    one item per pair (default: the config's pairs), each trained as \`gan-lens stitch\` would.`,
  plan(config, f) {
    const raw = typeof f.pairs === 'string' ? f.pairs.split(',').map((s) => s.trim()).filter(Boolean) : null;
    const pairs: PairConfig[] = raw ? raw.map((p) => ({ from: p.split(':')[0]!, to: p.split(':')[1] ?? 'auto' })) : config.pairs;
    if (pairs.length === 0) throw badInput(`${config.file} lists no pairs; pass --pairs FROM:TO,…`, { file: config.file });
    const num = (k: string, min: number): number | undefined => intFlag(k, typeof f[k] === 'string' ? f[k] : undefined, min);
    const settings: StitchSettings = {};
    const e = num('epochs', 1);
    const s = num('samples-per-epoch', 1);
    const v = num('validation-size', 1);
    const c = num('checkpoint-every', 1);
    if (e) settings.epochs = e;
    if (s) settings.samplesPerEpoch = s;
    if (v) settings.validationSize = v;
    if (c) settings.checkpointEvery = c;
    return {
      settings: settings as Record<string, unknown>,
      items: pairs.map((pair, i) => ({ id: `${String(i).padStart(3, '0')}-stitch-${pair.from}-${pair.to}`.replace(/[^A-Za-z0-9._-]+/g, '_'), params: { pair } })),
    };
  },
  progress({ item, out }) {
    const last = join(runFolder(out, item.params.pair as PairConfig), 'checkpoints', 'last');
    return hasCheckpoint(last) ? readCheckpoint(last).state.step : 0;
  },
  async runItem({ plan, item, config, out, session, signal, log }) {
    const pair = item.params.pair as PairConfig;
    const s = plan.settings as StitchSettings;
    // The item owns its run folder: continue from a checkpoint, else (re)start it.
    const resume = hasCheckpoint(join(runFolder(out, pair), 'checkpoints', 'last'));
    const r = await trainStitch({
      config,
      pair,
      outDir: runFolder(out, pair),
      resume,
      overwrite: !resume,
      signal,
      session,
      ...s,
      onProgress: (p) => {
        if (p.phase !== 'train' || p.step === p.totalSteps) log(`[stitch ${pair.from}:${pair.to}] ${p.message}`);
      },
    });
    log(`[stitch ${pair.from}:${pair.to}] validation cosine ${r.best.cosine.toFixed(4)} (best epoch ${r.bestEpoch + 1})`);
  },
  async merge({ plan, outs }, dir) {
    const merged: MergedStitch[] = plan.items.map((item, i) => {
      const run = runFolder(outs[i]!, item.params.pair as PairConfig);
      const metricsFile = join(run, 'metrics.json');
      if (!existsSync(metricsFile)) throw badInput(`Item ${item.id} is marked done but ${metricsFile} is missing.`, { file: metricsFile, hint: `Delete ${join(outs[i]!, '..', 'done.json')} and run \`gan-lens sweep retry\`.` });
      const m = JSON.parse(readFileSync(metricsFile, 'utf8')) as { pair: MergedStitch['pair']; initial: MergedStitch['initial']; epochs: EpochMetrics[]; bestEpoch: number };
      return { pair: { from: m.pair.from, to: m.pair.to, fromTensor: m.pair.fromTensor, toTensor: m.pair.toTensor }, run, initial: m.initial, bestEpoch: m.bestEpoch, epochs: m.epochs };
    });
    const json = join(dir, 'stitch-runs.json');
    writeFileAtomic(json, JSON.stringify({ config: plan.config, settings: plan.settings, runs: merged }, null, 2));
    const md = join(dir, 'stitch-runs.md');
    const rows = merged.map((m) => {
      const best = m.epochs.find((e) => e.epoch === m.bestEpoch) ?? m.epochs[m.epochs.length - 1];
      return `| ${m.pair.from} | ${m.pair.to} | ${m.initial.cosine.toFixed(4)} | ${best ? best.valCosine.toFixed(4) : '—'} | ${best ? best.valL1.toFixed(4) : '—'} | ${m.bestEpoch + 1} | \`${m.run}\` |`;
    });
    writeFileAtomic(md, ['# Stitch sweep', '', `Config: \`${plan.config}\``, '', '| from | to | initial cosine | best validation cosine | L1 | best epoch | run folder |', '|---|---|---|---|---|---|---|', ...rows, ''].join('\n'));
    return [json, md];
  },
};
