/** vectors/starter (job): sample, rank by tileability and name one vector per segmenter class into a new library. */
import type { VectorsStarterParams, VectorsStarterResult } from '../../../protocol/vectors';
import type { JobProgress } from '../../../protocol/progress';
import { loadConfig } from '../../config/load';
import { buildStarterLibrary, type StarterStage } from '../../vectors/starter';
import { badInput } from '../../util/errors';
import { jobSession, type EngineState } from '../state';
import { absolutePath, optionalInt, requireTrusted } from './guards';

const STAGES: StarterStage[] = ['sample', 'score', 'name'];
const WORDS: Record<StarterStage, string> = { sample: 'sampling', score: 'ranking by tileability', name: 'naming by the segmenter' };

export function vectorsStarter(state: EngineState, sendProgress: (p: JobProgress) => void) {
  return async (params: VectorsStarterParams, signal: AbortSignal): Promise<VectorsStarterResult> => {
    const M = 'vectors/starter';
    requireTrusted(state, M);
    const config = loadConfig(absolutePath(M, 'config', params.config));
    const n = optionalInt(M, 'n', params.n, 2, 100_000) ?? 64;
    const seed = optionalInt(M, 'seed', params.seed, 0, 2 ** 31 - 1) ?? 0;
    if (params.classNames !== undefined && (!Array.isArray(params.classNames) || params.classNames.some((c) => typeof c !== 'string'))) {
      throw badInput(`${M}: 'classNames' must be a list of strings.`);
    }
    const { jobId, result } = await state.jobs.run(
      { kind: 'vectors-starter', jobId: params.jobId, what: 'Sampling and naming vectors', signal, onProgress: sendProgress },
      async (ctx) =>
        buildStarterLibrary(config, {
          n,
          seed,
          ...(params.library ? { library: params.library } : {}),
          ...(params.layer ? { layer: params.layer } : {}),
          ...(params.classNames ? { classNames: params.classNames } : {}),
          session: jobSession(state),
          signal: ctx.signal,
          // Three stages of n steps each.
          onProgress: (stage, d, t) => ctx.report({ step: STAGES.indexOf(stage) * t + d, total: 3 * t, message: `${WORDS[stage]}: ${d} of ${t}` }),
        }),
    );
    return {
      jobId,
      library: result.library,
      layer: result.layer,
      n: result.n,
      picks: result.picks.map((p) => ({ classId: p.classId, name: p.name, id: p.id, score: p.score, tileability: p.tileability })),
    };
  };
}
