/**
 * gd/invert: GD inversion of a config's extractor layer on its validation images, as a job: gd/run.ts does the work
 * and writes the run folder (default <output>/gd/<layer>-<reg>-seed<seed>), as `gan-lens invert-gd --config` does.
 */
import type { GdInvertParams, GdInvertResult } from '../../../protocol/gd';
import type { JobProgress } from '../../../protocol/progress';
import { workspaceConfig } from './workspace-config';
import { openSource } from '../../image-sources/index';
import { join } from 'node:path';
import { GD_DEFAULTS } from '../../gd/invert';
import { runGdInversion } from '../../gd/run';
import { encodePng, unstackImage } from '../../runtime/image';
import { summarize } from '../../metrics/activations';
import { badInput } from '../../util/errors';
import { jobSession, type EngineState } from '../state';
import { absolutePath, optionalInt, requiredString, requireTrusted } from './guards';

const M = 'gd/invert';

export function gdInvert(state: EngineState, sendProgress: (p: JobProgress) => void) {
  return async (params: GdInvertParams, signal: AbortSignal): Promise<GdInvertResult> => {
    requireTrusted(state, M);
    const started = performance.now();
    const config = workspaceConfig(state, M, params.config);
    const query = requiredString(M, 'layer', params.layer);
    const reg = params.regularisation;
    if (reg !== 'none' && reg !== 'fourier-jitter') throw badInput(`${M}: 'regularisation' must be 'none' or 'fourier-jitter', got ${JSON.stringify(reg)}.`);
    const count = optionalInt(M, 'count', params.count, 1, 64) ?? 4;
    const steps = optionalInt(M, 'steps', params.steps, 1, 100_000) ?? config.evaluation.gd.steps ?? GD_DEFAULTS.steps;
    const seed = optionalInt(M, 'seed', params.seed, 0, 2 ** 31 - 1) ?? 0;
    const out = params.out === undefined ? join(config.output, 'gd', `${query}-${reg}-seed${seed}`.replace(/[^A-Za-z0-9._-]+/g, '_')) : absolutePath(M, 'out', params.out, false);
    const images = openSource(config.data.val, config.extractor.inputSize);
    const batchSize = config.evaluation.gd.batchSize ?? GD_DEFAULTS.batchSize;
    const { jobId, result: run } = await state.jobs.run(
      { kind: 'gd', jobId: params.jobId, what: `GD inversion of ${query}`, signal, onProgress: sendProgress },
      async (ctx) =>
        runGdInversion({
          extractor: config.extractor,
          layer: query,
          images,
          count,
          reg,
          steps,
          lr: config.evaluation.gd.lr ?? GD_DEFAULTS.lr,
          batchSize,
          seed,
          out,
          session: jobSession(state),
          signal: ctx.signal,
          onProgress: (p) => {
            const batches = Math.ceil(p.images / Math.max(1, batchSize));
            const batch = Math.floor(p.imagesDone / Math.max(1, batchSize));
            ctx.report({ step: batch * p.steps + p.step, total: batches * p.steps, message: `${query}: step ${p.step} of ${p.steps}`, loss: p.loss });
          },
        }),
    );
    const result = run.result;
    const n = run.ids.length;
    const out2 = await Promise.all(
      run.ids.map(async (_, i) => ({
        id: images.id(i),
        original: (await encodePng(unstackImage(run.originals, i))).toString('base64'),
        reconstruction: (await encodePng(unstackImage(result.reconstructions, i))).toString('base64'),
        cosine: run.scores[i]!.cosine,
        l1: run.scores[i]!.l1,
      })),
    );
    return {
      jobId,
      run: out,
      layer: query,
      generatorLayer: reg === 'none' ? 'GD, no regularisation' : 'GD, Fourier + jitter',
      seed,
      images: out2,
      cosine: summarize(out2.map((o) => o.cosine)),
      secondsPerImage: result.seconds / n,
      ms: performance.now() - started,
      warm: false,
      regularisation: reg,
      steps,
      lossCurve: result.lossCurve,
    };
  };
}
