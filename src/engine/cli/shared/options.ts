/** Flags several commands share: execution provider and threads, progress printing. */
import type { SessionOptions } from '../../runtime/session';
import type { ProviderChoice } from '../../runtime/providers';
import { badInput } from '../../util/errors';

export const sessionFlags = {
  provider: { type: 'string' },
  threads: { type: 'string' },
  'memory-gb': { type: 'string' },
} as const;

export const SESSION_USAGE = '[--provider auto|cpu|cuda|webgpu] [--threads N] [--memory-gb GB]';

export function sessionOptions(v: { provider?: string | undefined; threads?: string | undefined; 'memory-gb'?: string | undefined }): SessionOptions {
  const provider = (v.provider ?? 'cpu') as ProviderChoice;
  if (!['auto', 'cpu', 'cuda', 'webgpu'].includes(provider)) {
    throw badInput(`--provider ${provider} is not one of auto, cpu, cuda, webgpu.`);
  }
  const threads = v.threads === undefined ? 0 : Number(v.threads);
  if (!Number.isInteger(threads) || threads < 0) throw badInput(`--threads ${v.threads} is not a non-negative integer.`);
  const gb = v['memory-gb'] === undefined ? undefined : Number(v['memory-gb']);
  if (gb !== undefined && !(Number.isFinite(gb) && gb > 0)) {
    throw badInput(`--memory-gb ${v['memory-gb']} is not a positive number of gigabytes.`, { hint: 'E.g. --memory-gb 4; without it the budget is half the machine memory or 80% of what is free.' });
  }
  return { provider, threads, ...(gb !== undefined ? { memoryBudgetGB: gb } : {}) };
}

/** Parses an integer flag with a clear message. */
export function intFlag(name: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw badInput(`--${name} ${v} must be an integer ≥ ${min}.`);
  return n;
}

/** Prints at most one progress line per interval (and always the last). */
export function throttled(print: (line: string) => void, intervalMs = 1000): (line: string, force?: boolean) => void {
  let last = 0;
  return (line, force = false) => {
    const now = Date.now();
    if (force || now - last >= intervalMs) {
      last = now;
      print(line);
    }
  };
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
