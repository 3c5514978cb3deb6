/**
 * Runs long engine jobs: assigns ids, reports progress (throttled, with samples/s and ETA), and cancels them by id or
 * through an AbortSignal. Knows nothing of JSON-RPC: the server passes a progress sink and the request's signal.
 */
import type { JobProgress } from '../../protocol/progress';
import { cancelledError } from '../util/errors';
import { estimateRate } from './eta';
import { newJobId } from '../../protocol/job-ids';

export interface ProgressUpdate {
  step: number;
  total: number;
  message: string;
  loss?: number;
  /** Samples per step, so samples/s can be computed (1 when a step is one sample). */
  samplesPerStep?: number;
}

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  /** Reports progress; updates closer together than throttleMs are dropped, except the final step. */
  report(update: ProgressUpdate): void;
  /** Throws a 'cancelled' GanLensError when the job was cancelled. Call it between steps. */
  throwIfCancelled(): void;
  /** Sleeps, waking early (and throwing) on cancellation. */
  sleep(ms: number): Promise<void>;
}

export interface RunOptions {
  kind: string;
  jobId?: string;
  /** What is being cancelled, for the error message ("Stitch training of layer2"). */
  what?: string;
  signal?: AbortSignal;
  onProgress: (p: JobProgress) => void;
  /** Minimum time between progress messages; the final step is always sent. */
  throttleMs?: number;
}

interface Running {
  controller: AbortController;
}

export class JobRunner {
  private readonly running = new Map<string, Running>();

  get activeJobIds(): string[] {
    return [...this.running.keys()];
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const job of this.running.values()) job.controller.abort();
  }

  async run<T>(options: RunOptions, body: (ctx: JobContext) => Promise<T>): Promise<{ jobId: string; result: T }> {
    const jobId = options.jobId ?? newJobId(options.kind);
    if (this.running.has(jobId)) throw new Error(`A job with id ${jobId} is already running.`);
    const controller = new AbortController();
    const onOuterAbort = (): void => controller.abort();
    if (options.signal?.aborted) controller.abort();
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    this.running.set(jobId, { controller });
    const what = options.what ?? `Job ${jobId}`;
    const started = performance.now();
    const throttleMs = options.throttleMs ?? 100;
    let lastSent = -Infinity;
    const signal = controller.signal;
    const throwIfCancelled = (): void => {
      if (signal.aborted) throw cancelledError(what);
    };
    const ctx: JobContext = {
      jobId,
      signal,
      throwIfCancelled,
      report(u) {
        const now = performance.now();
        if (u.step < u.total && now - lastSent < throttleMs) return;
        lastSent = now;
        const rate = estimateRate(u.step, u.total, now - started);
        const p: JobProgress = { jobId, step: u.step, total: u.total, message: u.message };
        if (u.loss !== undefined) p.loss = u.loss;
        if (rate.stepsPerSecond > 0) p.samplesPerSecond = rate.stepsPerSecond * (u.samplesPerStep ?? 1);
        if (rate.etaSeconds !== undefined) p.etaSeconds = rate.etaSeconds;
        options.onProgress(p);
      },
      sleep(ms) {
        return new Promise<void>((resolve, reject) => {
          if (signal.aborted) return reject(cancelledError(what));
          const onAbort = (): void => {
            clearTimeout(timer);
            reject(cancelledError(what));
          };
          const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          }, ms);
          signal.addEventListener('abort', onAbort, { once: true });
        });
      },
    };
    try {
      const result = await body(ctx);
      return { jobId, result };
    } finally {
      this.running.delete(jobId);
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  }
}
