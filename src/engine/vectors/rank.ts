/**
 * Ranking sampled vectors by tileability (paper §4.2.2) and the exports of Figs. 5–6: the top and bottom vectors,
 * each shown as its grid-2 visualisation (top row) above its replicated one (bottom row), plus every score as JSON.
 */
import { join } from 'node:path';
import { encodeGridPng, type ImageTensor } from '../runtime/image';
import { writeFileAtomic } from '../util/atomic';
import type { FeatureProbe } from './probe';
import type { GeneratorParts } from './parts';
import { sampleVectors, type SampledVector, type VectorProvenance } from './sample';
import { tileabilityScores } from './tileability';
import { visualizeVectors } from './visualize';
import { planBatch } from '../model/memory-budget';

export interface RankOptions {
  n: number;
  seed: number;
  gridSize?: number;
  /** Most vectors per run (default 16); fewer when the memory budget needs it. Memory stays flat in n. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (stage: 'sample' | 'score', done: number, total: number) => void;
}

export interface RankedVector extends SampledVector {
  score: number;
  /** 0 = most tileable. */
  rank: number;
}

export interface Ranking {
  /** Sorted by score, highest first. */
  ranked: RankedVector[];
  gridSize: number;
  layer: string;
  featureLayer: string;
  secondsPerVector: number;
}

export async function rankVectors(parts: GeneratorParts, probe: FeatureProbe, o: RankOptions): Promise<Ranking> {
  const t0 = performance.now();
  const batchSize = vectorsPerRun(parts, probe, o.batchSize ?? 16);
  const sampled = await sampleVectors(parts, {
    n: o.n,
    seed: o.seed,
    batchSize,
    ...(o.signal ? { signal: o.signal } : {}),
    onProgress: (d, t) => o.onProgress?.('sample', d, t),
  });
  const gridSize = o.gridSize ?? 2;
  const scores = await tileabilityScores(parts, probe, sampled.map(asItem), {
    gridSize,
    batchSize,
    ...(o.signal ? { signal: o.signal } : {}),
    onProgress: (d, t) => o.onProgress?.('score', d, t),
  });
  const ranked = sampled
    .map((s, i) => ({ ...s, score: scores[i]!, rank: 0 }))
    .sort((a, b) => b.score - a.score || (a.provenance.index ?? 0) - (b.provenance.index ?? 0));
  ranked.forEach((r, i) => (r.rank = i));
  return { ranked, gridSize, layer: parts.setup.layerName, featureLayer: probe.layerName, secondsPerVector: (performance.now() - t0) / 1000 / Math.max(1, o.n) };
}

/**
 * Vectors per chunk: each one is rendered twice (replicated and on the grid) and both images go through the probe,
 * so a chunk of b vectors runs 2b rows through the generator's suffix and the feature network.
 */
function vectorsPerRun(parts: GeneratorParts, probe: FeatureProbe, wanted: number): number {
  const m = parts.memory;
  const what = `Ranking vectors of ${parts.setup.layerName}`;
  const rows = planBatch({ what, graphs: [m.prefix, m.suffix, probe.memory] }, 2 * wanted, m.budgetGB).batch;
  return Math.max(1, Math.floor(rows / 2));
}

/** A sampled vector visualised on the sample it came from. */
export function asItem(s: SampledVector): { vector: Float32Array; baseSeed: number } {
  return { vector: s.vector, baseSeed: s.provenance.latentSeed ?? 0 };
}

export interface RankingExport {
  top: string;
  bottom: string;
  scores: string;
}

/** Writes top.png / bottom.png (grid-k row above replicated row, `count` vectors each) and scores.json. */
export async function writeRanking(parts: GeneratorParts, r: Ranking, outDir: string, count = 4, meta: Record<string, unknown> = {}): Promise<RankingExport> {
  const k = Math.min(count, r.ranked.length);
  const figure = async (vs: RankedVector[]): Promise<Buffer> => {
    const imgs = await visualizeVectors(parts, vs.map(asItem), { grids: [r.gridSize, 0] });
    const rows: ImageTensor[] = [...imgs.map((v) => v[0]!), ...imgs.map((v) => v[1]!)];
    return encodeGridPng(rows, { cols: vs.length, padValue: 1 });
  };
  const top = r.ranked.slice(0, k);
  const bottom = r.ranked.slice(-k).reverse();
  const files: RankingExport = { top: join(outDir, 'top.png'), bottom: join(outDir, 'bottom.png'), scores: join(outDir, 'scores.json') };
  writeFileAtomic(files.top, await figure(top));
  writeFileAtomic(files.bottom, await figure(bottom));
  // Shared provenance once at the top; per vector what differs.
  const first = r.ranked[0]?.provenance;
  const entry = (v: RankedVector): Pick<VectorProvenance, 'index' | 'latentSeed' | 'position'> & { rank: number; score: number } => ({
    rank: v.rank,
    score: v.score,
    index: v.provenance.index,
    latentSeed: v.provenance.latentSeed,
    position: v.provenance.position,
  });
  writeFileAtomic(
    files.scores,
    `${JSON.stringify(
      {
        ...meta,
        generator: first?.generator,
        layer: r.layer,
        tensor: first?.tensor,
        seed: first?.seed,
        featureLayer: r.featureLayer,
        gridSize: r.gridSize,
        n: r.ranked.length,
        secondsPerVector: r.secondsPerVector,
        figures: { top: 'top.png', bottom: 'bottom.png', layout: `row 1: grid ${r.gridSize}; row 2: replicated; columns: the ${k} highest (top.png) / lowest (bottom.png) scores` },
        scores: r.ranked.map(entry),
      },
      null,
      2,
    )}\n`,
  );
  return files;
}
