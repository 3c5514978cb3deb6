/**
 * A reconstruction job, start to finish: a trained stitch run (or direct copy), images in, reconstructions scored at
 * the extractor layer, out-of-distribution scores against the run's validation, and the output folder written. The CLI
 * (`gan-lens reconstruct`) and the engine method `stitch/reconstruct` (when it writes files) only parse and call this.
 */
import type { ImageSource } from '../image-sources/source';
import { openSource } from '../image-sources/index';
import type { SessionOptions } from '../runtime/session';
import { readRun, type RunInfo } from './run-folder';
import { loadStitchSetup } from './setup';
import { reconstructSource, writeReconstruction, type ReconstructResult } from './reconstruct';
import { OOD_Z_THRESHOLD, oodScore, type OodScore } from './ood';

export interface ReconstructionRequest {
  /** The stitch run folder `gan-lens stitch` wrote. */
  run: string;
  /** Images to reconstruct; the run config's validation data when absent. */
  source?: (size: [number, number], run: RunInfo) => ImageSource;
  seed: number;
  directCopy?: boolean;
  batchSize?: number;
  out: string;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ReconstructionJob {
  run: RunInfo;
  /** The generator layer the stitch feeds. */
  generatorLayer: string;
  source: ImageSource;
  result: ReconstructResult;
  ood: ({ id: string } & OodScore)[];
}

export async function runReconstruction(r: ReconstructionRequest): Promise<ReconstructionJob> {
  const run = readRun(r.run);
  const setup = await loadStitchSetup(run.config, { from: run.pair.fromTensor, to: run.pair.toTensor });
  const size = run.config.extractor.inputSize;
  const source = r.source ? r.source(size, run) : openSource(run.config.data.val, size);
  const directCopy = r.directCopy ?? false;
  const result = await reconstructSource(source, {
    setup,
    ...(directCopy ? { directCopy } : { weight: run.weight, bias: run.bias }),
    seed: r.seed,
    batchSize: r.batchSize ?? 8,
    ...(r.session ? { session: r.session } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
    ...(r.onProgress ? { onProgress: r.onProgress } : {}),
  });
  const ood = result.images.map((i) => ({ id: i.id, ...oodScore(i.cosine, run.validation) }));
  await writeReconstruction(r.out, result, { run: run.dir, pair: run.pair, method: directCopy ? 'direct-copy' : 'stitch', seed: r.seed, source: source.description, ood, oodThreshold: OOD_Z_THRESHOLD });
  return { run, generatorLayer: setup.models.pair.to.name, source, result, ood };
}
