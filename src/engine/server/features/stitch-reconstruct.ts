/** stitch/reconstruct (a job that can also write files) and stitch/layerSwitch (the gallery's warm, quick path). */
import { join } from 'node:path';
import type { ReconstructImagesParams, ReconstructImagesResult, StitchReconstructParams, StitchReconstructResult } from '../../../protocol/stitch';
import type { JobProgress } from '../../../protocol/progress';
import { encodeGridPng, encodePng, unstackImage } from '../../runtime/image';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import type { EngineState } from '../state';
import { absolutePath, optionalInt, requireTrusted } from './guards';

function checked(method: string, state: EngineState, p: ReconstructImagesParams): { run: string; images?: string[]; count?: number; seed: number } {
  requireTrusted(state, method);
  const run = absolutePath(method, 'run', p.run);
  if (p.images !== undefined && !Array.isArray(p.images)) throw badInput(`${method}: 'images' must be a list of absolute paths.`);
  const images = p.images?.map((f, i) => absolutePath(method, `images[${i}]`, f));
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

export function stitchReconstruct(state: EngineState, sendProgress: (p: JobProgress) => void) {
  return async (params: StitchReconstructParams, signal: AbortSignal): Promise<StitchReconstructResult> => {
    const p = checked('stitch/reconstruct', state, params);
    const outDir = params.outDir === undefined ? undefined : absolutePath('stitch/reconstruct', 'outDir', params.outDir, false);
    const { jobId, result } = await state.jobs.run(
      { kind: 'reconstruct', jobId: params.jobId, what: 'Reconstruction', signal, onProgress: sendProgress, throttleMs: 0 },
      async (ctx) => {
        ctx.report({ step: 0, total: 2, message: 'Opening the stitched generator' });
        const r = await state.reconstructors.reconstruct(p.run, p, p.seed);
        ctx.throwIfCancelled();
        ctx.report({ step: 1, total: 2, message: `Reconstructed ${r.images.length} images at ${r.layer}` });
        if (outDir) {
          const n = r.images.length;
          for (let i = 0; i < n; i++) {
            writeFileAtomic(join(outDir, 'images', `${r.images[i]!.id.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/\.(png|jpe?g)$/i, '')}.png`), await encodePng(unstackImage(r.tensors.recon, i)));
          }
          const originals = Array.from({ length: n }, (_, i) => unstackImage(r.tensors.originals, i));
          const recons = Array.from({ length: n }, (_, i) => unstackImage(r.tensors.recon, i));
          writeFileAtomic(join(outDir, 'grid.png'), await encodeGridPng([...originals, ...recons], { cols: n }));
          writeFileAtomic(
            join(outDir, 'metrics.json'),
            JSON.stringify({ run: r.run, layer: r.layer, seed: r.seed, cosine: r.cosine, secondsPerImage: r.secondsPerImage, images: r.images.map(({ id, cosine, l1 }) => ({ id, cosine, l1 })) }, null, 2),
          );
        }
        ctx.report({ step: 2, total: 2, message: 'Done' });
        return strip(r);
      },
    );
    return { jobId, ...result, ...(outDir ? { outDir } : {}) };
  };
}
