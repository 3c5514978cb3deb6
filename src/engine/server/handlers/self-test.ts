import type { SelfTestParams, SelfTestResult } from '../../../protocol/engine';
import type { JobProgress } from '../../../protocol/progress';
import { badInput } from '../../util/errors';
import type { EngineState } from '../state';

const MAX_STEPS = 10_000;

/** Sleeps `steps` times `stepMs`, reporting progress after each step; proves progress + cancellation end to end. */
export function selfTest(state: EngineState, sendProgress: (p: JobProgress) => void) {
  return async (params: SelfTestParams, signal: AbortSignal): Promise<SelfTestResult> => {
    const steps = Number(params.steps);
    const stepMs = Number(params.stepMs);
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) {
      throw badInput(`selfTest: steps must be an integer in 1..${MAX_STEPS}, got ${String(params.steps)}.`);
    }
    if (!Number.isFinite(stepMs) || stepMs < 0 || stepMs > 60_000) {
      throw badInput(`selfTest: stepMs must be in 0..60000, got ${String(params.stepMs)}.`);
    }
    const { jobId } = await state.jobs.run(
      { kind: 'selftest', jobId: params.jobId, what: 'The engine self-test', signal, onProgress: sendProgress, throttleMs: 0 },
      async (ctx) => {
        for (let step = 1; step <= steps; step++) {
          await ctx.sleep(stepMs);
          if (params.failAtStep === step) throw badInput(`selfTest: failing at step ${step} as asked.`);
          ctx.report({ step, total: steps, message: `self-test step ${step} of ${steps}`, loss: 1 / step });
        }
      },
    );
    return { jobId, steps };
  };
}
