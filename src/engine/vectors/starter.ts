/**
 * A starter vector library in one go (issue #19, "Painting works out of the box"): sample N LayerX vectors, rank them
 * by tileability, and name one vector per class of the workspace's segmentation network — the vector whose
 * replicated visualisation (on its own sample) the network labels that class most confidently, the score of
 * `vectors pick`. What the Paint panel's "Sample and name vectors now" runs as one engine job, and
 * `gan-lens vectors starter` on the command line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GanLensConfig } from '../config/types';
import type { SessionOptions } from '../runtime/session';
import { stackImages } from '../runtime/image';
import { badInput, cancelledError } from '../util/errors';
import { loadGenerator } from '../generator/load';
import { assertModelsMatch } from '../config/check-models';
import { meanClassProbability, openSegmenter } from '../paint/segmenter';
import { libraryDir, updateLibrary } from './library';
import { openGeneratorParts } from './parts';
import { openFeatureProbe } from './probe';
import { asItem, rankVectors, type RankedVector } from './rank';
import { libraryIdentity } from './sample';
import { vectorSetupFrom, type VectorSetup } from './setup';
import { visualizeVectors } from './visualize';

export type StarterStage = 'sample' | 'score' | 'name';

export interface StarterOptions {
  /** Folder holding .ganlens/ (default: the config's folder). */
  workspace?: string;
  /** Library name (default 'starter', or 'starter-<generator file>' if 'starter' exists); refused if it exists. */
  library?: string;
  /** LayerX; default: the config's generator layer whose side is closest to 1/8 of the output's (the paper's b16 at 128²). */
  layer?: string;
  /** Vectors sampled (default 64). */
  n?: number;
  seed?: number;
  /** Names of the segmenter's classes, in label order; missing ones are called class<k>. */
  classNames?: readonly string[];
  /** Extractor layer for the tileability probe (default layer2, else the first configured layer). */
  featureLayer?: string;
  session?: SessionOptions;
  signal?: AbortSignal;
  /** done/total within a stage: sampling, tileability scoring, then naming (segmenting every replicated vector). */
  onProgress?: (stage: StarterStage, done: number, total: number) => void;
}

export interface StarterPick {
  classId: number;
  name: string;
  id: string;
  /** Mean probability of the class over the vector's replicated image (the `class<k>` score of `vectors pick`). */
  score: number;
  tileability: number;
  /** 0 = most tileable of the n. */
  tileabilityRank: number;
  latentSeed?: number;
  position?: [number, number];
}

export interface StarterResult {
  library: string;
  dir: string;
  layer: string;
  n: number;
  picks: StarterPick[];
  seconds: number;
}

/** The generator layer to paint on when none is named: side closest to output/8, NCHW with a known shape. */
export function defaultPaintLayer(setupFor: (name: string) => VectorSetup | undefined, names: readonly string[], outputSide: number): string {
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const s = setupFor(name);
    if (!s) continue;
    const d = Math.abs(Math.log2(s.shape[1] / (outputSide / 8)));
    if (!best || d < best.d) best = { name, d };
  }
  if (!best) throw badInput('No configured generator layer is a convolutional (NCHW) layer to paint on.', { hint: 'Name one with --layer (`gan-lens layers <generator.onnx>` lists them).' });
  return best.name;
}

export async function buildStarterLibrary(config: GanLensConfig, o: StarterOptions = {}): Promise<StarterResult> {
  const t0 = performance.now();
  const workspace = o.workspace ?? config.dir;
  const stem = config.generator.model.split(/[\\/]/).pop()!.replace(/\.onnx$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_');
  // Default name: 'starter', or 'starter-<generator>' when another generator's starter library shares the folder.
  const library = o.library ?? (existsSync(join(libraryDir(workspace, 'starter'), 'library.json')) ? `starter-${stem}` : 'starter');
  const dir = libraryDir(workspace, library);
  if (existsSync(join(dir, 'library.json'))) {
    throw badInput(`Library '${library}' already exists in ${workspace}.`, { file: dir, hint: 'Pick another name, or remove that library folder first.' });
  }
  const { model, analysis, declared } = await loadGenerator(config);
  assertModelsMatch(config, { generator: declared });
  const setupFor = (name: string): VectorSetup | undefined => {
    try {
      return vectorSetupFrom(config, model, analysis, name);
    } catch {
      return undefined;
    }
  };
  const outShape = analysis.summary.outputs.find((x) => x.name === (config.generator.output.name ?? analysis.summary.outputs[0]?.name))?.shape;
  const outSide = typeof outShape?.[2] === 'number' ? outShape[2] : 128;
  const layer = o.layer ?? defaultPaintLayer(setupFor, Object.keys(config.generator.layers), outSide);
  const setup = vectorSetupFrom(config, model, analysis, layer);
  const n = o.n ?? 64;
  const session = o.session ?? {};
  const net = config.extractor;
  const featureLayer = o.featureLayer ?? ('layer2' in net.layers ? 'layer2' : Object.keys(net.layers)[0]);
  if (!featureLayer) throw badInput('The extractor has no layers in the config, so tileability cannot be probed.', { file: config.file });
  const parts = await openGeneratorParts(setup, session);
  const probe = await openFeatureProbe(net, featureLayer, session);
  // The segmenter names the vectors: check it segments (logits [N, K, H, W]) before sampling and ranking.
  const seg = await openSegmenter(net, undefined, session);
  await seg.segment((await parts.generate([0])).images);
  const ranking = await rankVectors(parts, probe, {
    n,
    seed: o.seed ?? 0,
    gridSize: 2,
    ...(o.signal ? { signal: o.signal } : {}),
    onProgress: (stage, d, t) => o.onProgress?.(stage, d, t),
  });
  // Naming: each ranked vector replicated on its own sample, through the segmenter; mean probability per class.
  const probs: number[][] = [];
  const batch = 16;
  for (let s = 0; s < ranking.ranked.length; s += batch) {
    if (o.signal?.aborted) throw cancelledError('Naming vectors');
    const chunk = ranking.ranked.slice(s, s + batch);
    const imgs = await visualizeVectors(parts, chunk.map(asItem), { grids: [0], batchSize: batch });
    const r = await seg.segment(stackImages(imgs.map((v) => v[0]!)));
    chunk.forEach((_, i) => probs.push(Array.from({ length: r.classes }, (_, c) => meanClassProbability(r, i, c))));
    o.onProgress?.('name', probs.length, ranking.ranked.length);
  }
  const classes = probs[0]?.length ?? 0;
  const taken = new Set<number>();
  const chosen: { classId: number; name: string; v: RankedVector; score: number }[] = [];
  for (let c = 0; c < classes; c++) {
    let best = -1;
    for (let i = 0; i < probs.length; i++) if (!taken.has(i) && (best < 0 || probs[i]![c]! > probs[best]![c]!)) best = i;
    if (best < 0) break;
    taken.add(best);
    chosen.push({ classId: c, name: o.classNames?.[c]?.trim() || `class${c}`, v: ranking.ranked[best]!, score: probs[best]![c]! });
  }
  const picks = await updateLibrary(dir, libraryIdentity(setup), (lib) =>
    chosen.map(({ classId, name, v, score }): StarterPick => {
      const e = lib.add(v.vector, {
        name,
        tags: ['starter', `class${classId}`],
        provenance: v.provenance,
        scores: { [`class${classId}`]: score, tileability: v.score, tileabilityRank: v.rank },
        notes: `picked by ${net.model.split(/[\\/]/).pop()} among ${n} vectors (seed ${o.seed ?? 0}): mean class-${classId} probability ${score.toFixed(4)} on its replicated image`,
      });
      return {
        classId,
        name,
        id: e.id,
        score,
        tileability: v.score,
        tileabilityRank: v.rank,
        ...(v.provenance.latentSeed !== undefined ? { latentSeed: v.provenance.latentSeed } : {}),
        ...(v.provenance.position ? { position: v.provenance.position } : {}),
      };
    }),
  );
  return { library, dir, layer: setup.layerName, n, picks, seconds: (performance.now() - t0) / 1000 };
}
