/** stitch/reconstruct (a job that can also write files) and stitch/layerSwitch (the gallery's warm, quick path). */
import type { ReconstructImagesParams, ReconstructImagesResult, StitchReconstructParams, StitchReconstructResult } from '../../../protocol/stitch';
import type { JobProgress } from '../../../protocol/progress';
import { encodePng } from '../../runtime/image';
import { runReconstruction } from '../../stitch/reconstruct-job';
import { filesSource } from '../../image-sources/folder';
import { firstImages } from '../../image-sources/first';
import { openSource } from '../../image-sources/index';
import { badInput } from '../../util/errors';
import { jobSession, type EngineState } from '../state';
import { absolutePath, optionalInt, requireTrusted } from './guards';

function checked(method: string, state: EngineState, p: ReconstructImagesParams): { run: string; images?: string[]; count?: number; seed: number } {
  requireTrusted(state, method);
  const run = absolutePath(method, 'run', p.run);
  if (p.images !== undefined && !Array.isArray(p.images)) throw badInput(`${method}: 'images' must be a list of absolute paths.`);
  const images = p.images?.map((f, i) => absolutePath(method, `images[${i}]`, f));
  if (images && (images.length === 0 || images.length > 64)) throw badInput(`${method}: give 1..64 'images', got ${images.length}.`);
  const count = optionalInt(method, 'count', p.count, 1, 64);
  const seed = optionalInt(method, 'seed', p.seed, 0, 2 ** 31 - 1) ?? 0;
  return { run, seed, ...(images ? { images } : {}), ...(count !== undefined ? { count } : {}) };
}

function strip<T extends { tensors: unknown }>(r: T): Omit<T, 'tensors'> {
  const { tensors: _, ...rest } = r;
  return rest;
}

export function stitchLayerSwitch(state: EngineState) {
  return async (params: ReconstructImagesParams): Promise<ReconstructImagesResult> => {
    const p = checked('stitch/layerSwitch', state, params);
    return strip(await state.reconstructors.reconstruct(p.run, p, p.seed));
  };
}

/** With an output folder the job is `gan-lens reconstruct`'s (stitch/reconstruct-job.ts): same images, same files. */
async function reconstructToFolder(state: EngineState, p: ReturnType<typeof checked>, outDir: string, signal: AbortSignal): Promise<ReconstructImagesResult> {
  const started = performance.now();
  const job = await runReconstruction({
    run: p.run,
    source: (size, run) => (p.images ? filesSource(p.images, size) : firstImages(openSource(run.config.data.val, size), p.count ?? 8)),
    seed: p.seed,
    out: outDir,
    session: jobSession(state),
    signal,
  });
  const r = job.result;
  const images = await Promise.all(
    r.images.map(async (im, i) => ({
      id: im.id,
      original: (await encodePng(r.originals[i]!)).toString('base64'),
      reconstruction: (await encodePng(r.reconstructions[i]!)).toString('base64'),
      cosine: im.cosine,
      l1: im.l1,
    })),
  );
  return { run: job.run.dir, layer: job.run.pair.from, generatorLayer: job.generatorLayer, seed: p.seed, images, cosine: r.cosine, secondsPerImage: r.secondsPerImage, ms: performance.now() - started, warm: false };
}

export function stitchReconstruct(state: EngineState, sendProgress: (p: JobProgress) => void) {
  return async (params: StitchReconstructParams, signal: AbortSignal): Promise<StitchReconstructResult> => {
    const p = checked('stitch/reconstruct', state, params);
    const outDir = params.outDir === undefined ? undefined : absolutePath('stitch/reconstruct', 'outDir', params.outDir, false);
    const { jobId, result } = await state.jobs.run(
      { kind: 'reconstruct', jobId: params.jobId, what: 'Reconstruction', signal, onProgress: sendProgress, throttleMs: 0 },
      async (ctx) => {
        ctx.report({ step: 0, total: 2, message: outDir ? 'Reconstructing into the output folder' : 'Opening the stitched generator' });
        const r = outDir ? await reconstructToFolder(state, p, outDir, ctx.signal) : strip(await state.reconstructors.reconstruct(p.run, p, p.seed));
        ctx.throwIfCancelled();
        ctx.report({ step: 2, total: 2, message: `Reconstructed ${r.images.length} images at ${r.layer}` });
        return r;
      },
    );
    return { jobId, ...result, ...(outDir ? { outDir } : {}) };
  };
}
