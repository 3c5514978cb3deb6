/**
 * evaluate/run: the paper's evaluation (the same evaluateToFolder as `gan-lens evaluate`) as an engine job. Progress
 * per layer and method with ETAs; each finished layer rewrites the report folder and goes out as evaluate/layer.
 */
import { join, resolve } from 'node:path';
import { EVALUATE_METHODS, type EvaluateLayerNotice, type EvaluateRunParams, type EvaluateRunResult } from '../../../protocol/evaluate';
import type { JobProgress } from '../../../protocol/progress';
import { loadConfig } from '../../config/load';
import { ALL_METHODS } from '../../evaluate/procedure';
import { liveProgress } from '../../evaluate/live-progress';
import { evaluateToFolder } from '../../evaluate/to-folder';
import type { MethodKind } from '../../evaluate/types';
import { badInput } from '../../util/errors';
import { jobSession, type EngineState } from '../state';
import { absolutePath, optionalInt, requireTrusted } from './guards';
import { readEvaluationReport } from './evaluate-report';

const M = 'evaluate/run';
const THROTTLE_MS = 150;

function stringList(key: string, v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x.length > 0)) {
    throw badInput(`${M}: '${key}' must be a non-empty list of names.`);
  }
  return v as string[];
}

export function evaluateRun(state: EngineState, sendProgress: (p: JobProgress) => void, sendLayer: (n: EvaluateLayerNotice) => void) {
  return async (params: EvaluateRunParams, signal: AbortSignal): Promise<EvaluateRunResult> => {
    requireTrusted(state, M);
    const config = loadConfig(absolutePath(M, 'config', params.config));
    const outDir = params.outDir === undefined ? resolve(join(config.output, 'evaluation')) : absolutePath(M, 'outDir', params.outDir, false);
    const layers = stringList('layers', params.layers);
    const methods = stringList('methods', params.methods) as MethodKind[] | undefined;
    for (const m of methods ?? []) if (!(EVALUATE_METHODS as readonly string[]).includes(m)) throw badInput(`${M}: method '${m}' is not one of ${EVALUATE_METHODS.join(', ')}.`);
    const images = optionalInt(M, 'images', params.images, 1, 100_000);
    const steps = optionalInt(M, 'steps', params.steps, 1, 1_000_000);
    const timingRuns = optionalInt(M, 'timingRuns', params.timingRuns, 1, 1000);
    if (params.train !== undefined && typeof params.train !== 'boolean') throw badInput(`${M}: 'train' must be true or false.`);
    const order = ALL_METHODS.filter((m) => (methods ?? ALL_METHODS).includes(m));
    const live = liveProgress(layers ?? [...new Set(config.pairs.map((p) => p.from))], order);
    const { jobId, result } = await state.jobs.run({ kind: 'evaluate', jobId: params.jobId, what: `Evaluation of ${config.name}`, signal, onProgress: sendProgress }, async (ctx) => {
      let lastSent = -Infinity;
      let lastKey = '';
      const files = await evaluateToFolder({
        config,
        outDir,
        ...(layers ? { layers } : {}),
        ...(images !== undefined ? { images } : {}),
        ...(steps !== undefined ? { steps } : {}),
        ...(timingRuns !== undefined ? { ganTimingRuns: timingRuns } : {}),
        methods: order,
        ...(params.train === false ? { train: false } : {}),
        session: jobSession(state),
        signal: ctx.signal,
        onProgress: (p) => {
          // Throttled, except that each new layer or method is always announced.
          const t = performance.now();
          const key = `${p.layer}/${p.method}`;
          if (key === lastKey && t - lastSent < THROTTLE_MS) return;
          lastSent = t;
          lastKey = key;
          sendProgress({ jobId: ctx.jobId, ...live.update(p) });
        },
        onLayer: (f, layer, i, total) => {
          sendProgress({ jobId: ctx.jobId, step: (i + 1) * 1000 * order.length, total: total * 1000 * order.length, message: `${layer} done (${i + 1}/${total})` });
          sendLayer({ jobId: ctx.jobId, outDir, layer, report: readEvaluationReport(f.json) });
        },
      });
      return files;
    });
    return { jobId, outDir, file: result.json, report: readEvaluationReport(result.json) };
  };
}
