/** Flags several commands share: execution provider and threads, progress printing. */
import type { SessionOptions } from '../../runtime/session';
import { PROVIDER_CHOICES, isProviderChoice } from '../../runtime/providers';
import { badInput } from '../../util/errors';

export const sessionFlags = {
  provider: { type: 'string' },
  threads: { type: 'string' },
  'memory-gb': { type: 'string' },
} as const;

export const SESSION_USAGE = '[--provider auto|cpu|cuda|webgpu] [--threads N] [--memory-gb GB]';

export function sessionOptions(v: { provider?: string | undefined; threads?: string | undefined; 'memory-gb'?: string | undefined }): SessionOptions {
  const provider = v.provider ?? 'cpu';
  if (!isProviderChoice(provider)) {
    throw badInput(`--provider ${provider} is not one of ${PROVIDER_CHOICES.join(', ')}.`);
  }
  const threads = intFlag('threads', v.threads, 0) ?? 0;
  const gb = v['memory-gb'] === undefined ? undefined : Number(v['memory-gb']);
  if (gb !== undefined && !(Number.isFinite(gb) && gb > 0 && gb <= 4096)) {
    throw badInput(`--memory-gb ${v['memory-gb']} is not a positive number of gigabytes.`, { hint: 'E.g. --memory-gb 4; without it the budget is half the machine memory or 80% of what is free.' });
  }
  return { provider, threads, ...(gb !== undefined ? { memoryBudgetGB: gb } : {}) };
}

/**
 * Upper bounds of integer flags, so a typo cannot ask for more memory or time than any machine has. Flags not listed
 * get DEFAULT_MAX; seeds may use the full 32-bit range.
 */
const FLAG_MAX: Readonly<Record<string, number>> = {
  threads: 256,
  variations: 16,
  batch: 1024,
  'gd-batch': 1024,
  grid: 64,
  grids: 64,
  top: 10_000,
  keep: 10_000,
  size: 4096,
  'grid-images': 1024,
  'timing-runs': 1000,
  restarts: 1000,
  random: 1000,
  repeats: 1000,
  class: 65_535,
};
const DEFAULT_MAX = 100_000_000;
const SEED_MAX = 2 ** 32 - 1;

export function flagMax(name: string): number {
  return FLAG_MAX[name] ?? (name === 'seed' || name.endsWith('-seed') ? SEED_MAX : DEFAULT_MAX);
}

/** Parses an integer flag in [min, max] (max: FLAG_MAX for the flag) with a clear message. */
export function intFlag(name: string, v: string | undefined, min = 0, max = flagMax(name)): number | undefined {
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(`--${name} ${v} must be an integer from ${min} to ${max}.`);
  return n;
}

/** Parses --mean / --std: three comma-separated numbers (R, G, B); a std must be positive (images are divided by it). */
export function channelTripleFlag(name: 'mean' | 'std', v: string | undefined): [number, number, number] | undefined {
  if (v === undefined) return undefined;
  const p = v.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
  if (p.length !== 3 || p.some((x) => !Number.isFinite(x))) throw badInput(`--${name} ${v} must be three comma-separated numbers (R, G, B).`);
  if (name === 'std' && p.some((x) => !(x > 0))) throw badInput(`--std ${v} must be three positive numbers (the images are divided by them).`);
  return [p[0]!, p[1]!, p[2]!];
}

/** Parses a number flag: finite, and > min (exclusive) or ≥ min, and ≤ max. */
export function numFlag(name: string, v: string | undefined, o: { min: number; exclusiveMin?: boolean; max: number }): number | undefined {
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  const low = o.exclusiveMin ? n > o.min : n >= o.min;
  if (!Number.isFinite(n) || !low || n > o.max) {
    throw badInput(`--${name} ${v} must be a finite number ${o.exclusiveMin ? '>' : '≥'} ${o.min} and ≤ ${o.max}.`);
  }
  return n;
}

/** Bounds of a learning-rate flag: positive and small enough that a step cannot overflow float32. */
export const LR_BOUNDS = { min: 0, exclusiveMin: true, max: 1000 } as const;

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
