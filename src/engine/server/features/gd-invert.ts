/** gd/invert: GD inversion (src/engine/gd) of a config's extractor layer on its validation images, as a job. */
import type { GdInvertParams, GdInvertResult } from '../../../protocol/gd';
import type { JobProgress } from '../../../protocol/progress';
import { loadConfig } from '../../config/load';
import { openSource } from '../../image-sources/index';
import { invertGd, GD_DEFAULTS } from '../../gd/invert';
import { cut } from '../../onnx/surgery';
import { openSession } from '../../runtime/session';
import { encodePng, unstackImage } from '../../runtime/image';
import { compareActivations, summarize } from '../../metrics/activations';
import { loadAnalysed } from '../../model/loaded';
import { lookupLayer } from '../../model/lookup-layer';
import { normalizeBatch } from '../../model/normalize';
import { badInput } from '../../util/errors';
import { jobSession, type EngineState } from '../state';
import { absolutePath, optionalInt, requiredString, requireTrusted } from './guards';

const M = 'gd/invert';

export function gdInvert(state: EngineState, sendProgress: (p: JobProgress) => void) {
  return async (params: GdInvertParams, signal: AbortSignal): Promise<GdInvertResult> => {
    requireTrusted(state, M);
    const started = performance.now();
    const config = loadConfig(absolutePath(M, 'config', params.config));
    const query = requiredString(M, 'layer', params.layer);
    const reg = params.regularisation;
    if (reg !== 'none' && reg !== 'fourier-jitter') throw badInput(`${M}: 'regularisation' must be 'none' or 'fourier-jitter', got ${JSON.stringify(reg)}.`);
    const count = optionalInt(M, 'count', params.count, 1, 64) ?? 4;
    const steps = optionalInt(M, 'steps', params.steps, 1, 100_000) ?? config.evaluation.gd.steps ?? GD_DEFAULTS.steps;
    const seed = optionalInt(M, 'seed', params.seed, 0, 2 ** 31 - 1) ?? 0;
    const ext = config.extractor;
    const { model, analysis } = await loadAnalysed(ext.model, ext.inputSize);
    const layer = lookupLayer(analysis, ext.layers, query);
    const source = openSource(config.data.val, ext.inputSize);
    const n = Math.min(count, source.count);
    const idx = Array.from({ length: n }, (_, i) => i);
    const images = await source.batch(idx);
    const { jobId, result } = await state.jobs.run(
      { kind: 'gd', jobId: params.jobId, what: `GD inversion of ${layer.name}`, signal, onProgress: sendProgress },
      async (ctx) =>
        invertGd({ extractor: model, inputName: ext.input, inputSize: ext.inputSize, mean: ext.mean, std: ext.std, layerTensor: layer.tensor }, images, {
          reg,
          steps,
          lr: config.evaluation.gd.lr ?? GD_DEFAULTS.lr,
          batchSize: config.evaluation.gd.batchSize ?? GD_DEFAULTS.batchSize,
          seed,
          session: jobSession(state),
          signal: ctx.signal,
          onProgress: (p) => {
            const batches = Math.ceil(p.images / Math.max(1, config.evaluation.gd.batchSize ?? GD_DEFAULTS.batchSize));
            const batch = Math.floor(p.imagesDone / Math.max(1, config.evaluation.gd.batchSize ?? GD_DEFAULTS.batchSize));
            ctx.report({ step: batch * p.steps + p.step, total: batches * p.steps, message: `${layer.name}: step ${p.step} of ${p.steps}`, loss: p.loss });
          },
        }),
    );
    const extract = await openSession(cut(model, layer.tensor), { provider: state.provider });
    const act = async (x: typeof images) => (await extract.run({ [ext.input]: normalizeBatch(x, ext.mean, ext.std) }))[layer.tensor]!;
    const a = await act(images);
    const a2 = await act(result.reconstructions);
    const m = compareActivations(a2.data as Float32Array, a.data as Float32Array, a.dims);
    const out = await Promise.all(
      idx.map(async (i) => ({
        id: source.id(i),
        original: (await encodePng(unstackImage(images, i))).toString('base64'),
        reconstruction: (await encodePng(unstackImage(result.reconstructions, i))).toString('base64'),
        cosine: m[i]!.cosine,
        l1: m[i]!.l1,
      })),
    );
    return {
      jobId,
      run: '',
      layer: query,
      generatorLayer: reg === 'none' ? 'GD, no regularisation' : 'GD, Fourier + jitter',
      seed,
      images: out,
      cosine: summarize(out.map((o) => o.cosine)),
      secondsPerImage: result.seconds / n,
      ms: performance.now() - started,
      warm: false,
      regularisation: reg,
      steps,
      lossCurve: result.lossCurve,
    };
  };
}
