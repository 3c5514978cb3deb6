/**
 * The process's own memory, measured: resident set now, and its peak since the last reset. Linux resets the peak by
 * writing 5 to /proc/self/clear_refs; elsewhere there is no reset and callers fall back to estimates.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface MemoryProbe {
  /** Resident bytes now. */
  rss(): number;
  /** Starts a new peak measurement; false where the platform cannot. */
  resetPeak(): boolean;
  /** Peak resident bytes since the last reset. */
  peak(): number;
}

function statusKb(field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const processMemory: MemoryProbe = {
  rss: () => process.memoryUsage().rss,
  resetPeak: () => {
    if (process.platform !== 'linux') return false;
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      return statusKb('VmHWM') !== undefined;
    } catch {
      return false;
    }
  },
  peak: () => statusKb('VmHWM') ?? process.resourceUsage().maxRSS * 1024,
};
