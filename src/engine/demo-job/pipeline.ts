/**
 * The main job on the bundled demo world: for every layer pair of the config, train a stitch, reconstruct the
 * validation tiles in one pass, and compare against an untrained conv and direct copy (where channels match).
 * Writes a summary (JSON + Markdown) and a grid: originals above reconstructions from layer1..layer4.
 */
import { join } from 'node:path';
import type { GanLensConfig, PairConfig } from '../config/types';
import { openSource } from '../image-sources/index';
import type { SessionOptions } from '../runtime/session';
import { encodeGridPng } from '../runtime/image';
import type { HostTensor } from '../onnx/tensor';
import { writeFileAtomic } from '../util/atomic';
import { isGanLensError, cancelledError } from '../util/errors';
import { trainStitch, type StitchProgress } from '../stitch/train';
import { loadStitchSetup } from '../stitch/setup';
import { reconstructSource, writeReconstruction, type ReconstructResult } from '../stitch/reconstruct';
import { SeededRandom, deriveSeed } from '../util/random';
import { readCheckpoint } from '../stitch/checkpoint';

export interface DemoOptions {
  config: GanLensConfig;
  outDir: string;
  /** Training samples for the first pair (one epoch); from the third pair on, each pair gets twice the previous. */
  samples: number;
  pairs?: PairConfig[];
  seed?: number;
  session?: SessionOptions;
  signal?: AbortSignal;
  log?: (line: string) => void;
  onProgress?: (pair: string, p: StitchProgress) => void;
}

export interface DemoLayerResult {
  from: string;
  to: string;
  stitch: { cosine: number; l1: number; secondsPerImage: number };
  untrained: { cosine: number; l1: number };
  directCopy: { cosine: number; l1: number } | { skipped: string };
  trainingSeconds: number;
  samples: number;
}

function samplesForPair(base: number, index: number): number {
  return base * 2 ** Math.max(0, index - 1);
}

export interface DemoResult {
  layers: DemoLayerResult[];
  grid: string;
  summary: string;
}

function metrics(r: ReconstructResult): { cosine: number; l1: number } {
  return { cosine: r.cosine.mean, l1: r.l1.mean };
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const { config } = o;
  const log = o.log ?? (() => undefined);
  const pairs = o.pairs ?? config.pairs;
  const seed = o.seed ?? 0;
  const val = openSource(config.data.val, config.extractor.inputSize);
  const layers: DemoLayerResult[] = [];
  const gridRows: HostTensor[][] = [];
  for (const [index, pair] of pairs.entries()) {
    if (o.signal?.aborted) throw cancelledError('The demo');
    const name = `${pair.from}→${pair.to}`;
    const runDir = join(o.outDir, `stitch-${pair.from}`);
    // Deeper layers start further from a good map (their closed-form fit is poorer) and need more steps.
    const samples = samplesForPair(o.samples, index);
    log(`[demo] ${name}: training the 1x1 stitch on ${samples} tiles`);
    const t0 = Date.now();
    const trained = await trainStitch({
      config,
      pair,
      outDir: runDir,
      // The demo regenerates its runs each time.
      overwrite: true,
      epochs: 1,
      samplesPerEpoch: samples,
      ...(o.session ? { session: o.session } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (p) => o.onProgress?.(name, p),
    });
    const trainingSeconds = (Date.now() - t0) / 1000;
    const setup = await loadStitchSetup(config, pair);
    const common = { setup, seed, ...(o.session ? { session: o.session } : {}), ...(o.signal ? { signal: o.signal } : {}) };
    const best = readCheckpoint(join(runDir, 'checkpoints/best'));
    const stitched = await reconstructSource(val, { ...common, weight: best.weight, bias: best.bias });
    await writeReconstruction(join(o.outDir, `reconstruct-${pair.from}`), stitched, { method: 'stitch', pair: trained.pair, seed });
    // Untrained: PyTorch's default init of a 1x1 conv, U(−1/√cx, 1/√cx).
    const [cx] = setup.models.pair.fromShape;
    const [cy] = setup.models.pair.toShape;
    const rng = new SeededRandom(deriveSeed(seed, 'untrained', pair.from));
    const bound = 1 / Math.sqrt(cx);
    const untrained = await reconstructSource(val, {
      ...common,
      weight: Float32Array.from({ length: cx * cy }, () => (rng.next() * 2 - 1) * bound),
      bias: Float32Array.from({ length: cy }, () => (rng.next() * 2 - 1) * bound),
    });
    let directCopy: DemoLayerResult['directCopy'];
    try {
      directCopy = metrics(await reconstructSource(val, { ...common, directCopy: true }));
    } catch (e) {
      if (!isGanLensError(e) || e.kind !== 'bad-input') throw e;
      directCopy = { skipped: e.message.split('\n')[0]! };
    }
    const result: DemoLayerResult = {
      from: pair.from,
      to: trained.pair.to,
      stitch: { ...metrics(stitched), secondsPerImage: stitched.secondsPerImage },
      untrained: metrics(untrained),
      directCopy,
      trainingSeconds,
      samples,
    };
    layers.push(result);
    log(`[demo] ${name}: cosine ${result.stitch.cosine.toFixed(3)} (untrained ${result.untrained.cosine.toFixed(3)}${'cosine' in directCopy ? `, direct copy ${directCopy.cosine.toFixed(3)}` : ''}), ${(result.stitch.secondsPerImage * 1000).toFixed(1)} ms/image`);
    if (gridRows.length === 0) gridRows.push(stitched.originals.slice(0, 8));
    gridRows.push(stitched.reconstructions.slice(0, 8));
  }
  const grid = join(o.outDir, 'reconstructions.png');
  const cols = gridRows[0]?.length ?? 1;
  writeFileAtomic(grid, await encodeGridPng(gridRows.flat(), { cols, padValue: 1 }));
  const summary = join(o.outDir, 'summary.md');
  writeFileAtomic(join(o.outDir, 'summary.json'), JSON.stringify({ config: config.file, samples: o.samples, seed, layers }, null, 2));
  writeFileAtomic(summary, summaryMarkdown(layers, val.count));
  return { layers, grid, summary };
}

function fmt(m: { cosine: number; l1: number } | { skipped: string }): string {
  return 'cosine' in m ? `${m.cosine.toFixed(3)} / ${m.l1.toFixed(3)}` : 'n/a (channels differ)';
}

function summaryMarkdown(layers: DemoLayerResult[], images: number): string {
  return [
    '# GAN Lens demo: stitched inversion of the demo extractor',
    '',
    `Each row: a 1x1 conv trained for one epoch on the given number of procedural tiles (closed-form init, Adam), evaluated on ${images} validation tiles.`,
    'Values are cosine similarity / L1 at the extractor layer between original and reconstruction (higher / lower is better).',
    '',
    '| extractor layer | generator layer | stitch | untrained conv | direct copy | ms / image | training tiles | training s |',
    '|---|---|---|---|---|---|---|---|',
    ...layers.map(
      (l) =>
        `| ${l.from} | ${l.to} | **${fmt(l.stitch)}** | ${fmt(l.untrained)} | ${fmt(l.directCopy)} | ${(l.stitch.secondsPerImage * 1000).toFixed(1)} | ${l.samples} | ${l.trainingSeconds.toFixed(0)} |`,
    ),
    '',
    '![originals (top) and reconstructions from each layer](reconstructions.png)',
    '',
  ].join('\n');
}
