/** stitch/train: trainStitch as an engine job; each validated epoch also goes out as a stitch/epoch notification. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StitchEpoch, StitchEpochNotice, StitchTrainParams, StitchTrainResult } from '../../../protocol/stitch';
import type { JobProgress } from '../../../protocol/progress';
import { workspaceConfig } from './workspace-config';
import { trainStitch, type StitchProgress } from '../../stitch/train';
import { jobSession, type EngineState } from '../state';
import { absolutePath, optionalInt, requiredString, requireTrusted } from './guards';

const M = 'stitch/train';
const THROTTLE_MS = 150;

export function defaultRunDir(output: string, from: string, to: string): string {
  return resolve(join(output, `stitch-${from}-${to}`.replace(/[^A-Za-z0-9._-]+/g, '_')));
}

function epochSamplesFile(outDir: string, epoch: number): string {
  return join(outDir, 'samples', `epoch-${String(epoch + 1).padStart(3, '0')}.png`);
}

function readEpochs(outDir: string): StitchEpoch[] {
  const f = join(outDir, 'metrics.json');
  if (!existsSync(f)) return [];
  try {
    return (JSON.parse(readFileSync(f, 'utf8')) as { epochs?: StitchEpoch[] }).epochs ?? [];
  } catch {
    return []; // written atomically, so a parse failure means another writer; the next epoch catches up
  }
}

export function stitchTrain(state: EngineState, sendProgress: (p: JobProgress) => void, sendEpoch: (e: StitchEpochNotice) => void) {
  return async (params: StitchTrainParams, signal: AbortSignal): Promise<StitchTrainResult> => {
    requireTrusted(state, M);
    const config = workspaceConfig(state, M, params.config);
    const from = requiredString(M, 'pair.from', params.pair?.from);
    const to = params.pair?.to === undefined ? 'auto' : requiredString(M, 'pair.to', params.pair.to);
    const outDir = params.outDir === undefined ? defaultRunDir(config.output, from, to) : absolutePath(M, 'outDir', params.outDir, false);
    const epochs = optionalInt(M, 'epochs', params.epochs, 1, 10_000);
    const samplesPerEpoch = optionalInt(M, 'samplesPerEpoch', params.samplesPerEpoch, 1, 10_000_000);
    const validationSize = optionalInt(M, 'validationSize', params.validationSize, 1, 100_000);
    state.reconstructors.forget(outDir);
    const { jobId, result } = await state.jobs.run(
      { kind: 'stitch', jobId: params.jobId, what: `Stitch training of ${from}`, signal, onProgress: sendProgress },
      async (ctx) => {
        let notified = params.resume ? readEpochs(outDir).length : 0;
        let lastSent = -Infinity;
        const notifyEpochs = (total: number): void => {
          const all = readEpochs(outDir);
          for (; notified < all.length; notified++) {
            const epoch = all[notified]!;
            sendEpoch({ jobId: ctx.jobId, outDir, epochs: total, epoch, samples: epochSamplesFile(outDir, epoch.epoch) });
          }
        };
        // trainStitch measures samples/s and ETA itself (right across resumes), so its numbers go out as they are.
        const onProgress = (p: StitchProgress): void => {
          if (p.phase === 'train' || p.phase === 'done') notifyEpochs(p.epochs);
          const now = performance.now();
          const final = p.phase === 'done';
          if (!final && p.phase === 'train' && now - lastSent < THROTTLE_MS) return;
          lastSent = now;
          const progress: JobProgress = { jobId: ctx.jobId, step: p.step, total: Math.max(p.totalSteps, p.step), message: p.message };
          if (p.loss !== undefined) progress.loss = p.loss;
          if (p.samplesPerSecond !== undefined) progress.samplesPerSecond = p.samplesPerSecond;
          if (p.etaSeconds !== undefined) progress.etaSeconds = p.etaSeconds;
          sendProgress(progress);
        };
        return trainStitch({
          config,
          pair: { from, to },
          outDir,
          resume: params.resume === true,
          overwrite: params.overwrite === true,
          signal: ctx.signal,
          session: jobSession(state),
          onProgress,
          ...(epochs !== undefined ? { epochs } : {}),
          ...(samplesPerEpoch !== undefined ? { samplesPerEpoch } : {}),
          ...(validationSize !== undefined ? { validationSize } : {}),
        });
      },
    );
    state.reconstructors.forget(outDir);
    return { jobId, outDir: result.outDir, pair: result.pair, initial: result.initial, epochs: result.epochs, bestEpoch: result.bestEpoch, best: result.best };
  };
}
