/** Throughput and time left from steps done and elapsed time. */
export interface Rate {
  stepsPerSecond: number;
  etaSeconds: number | undefined;
}

export function estimateRate(step: number, total: number, elapsedMs: number): Rate {
  if (step <= 0 || elapsedMs <= 0) return { stepsPerSecond: 0, etaSeconds: undefined };
  const stepsPerSecond = (step * 1000) / elapsedMs;
  return { stepsPerSecond, etaSeconds: Math.max(0, (total - step) / stepsPerSecond) };
}
