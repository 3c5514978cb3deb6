/**
 * Chunk sizes that follow what a session really takes. The memory budget's static estimate (model/memory-budget.ts)
 * plans how many rows run at once; some graphs need more than it says (onnxruntime's workspaces, tensors static
 * inference cannot size). So the first run of each session goes with one row while the process's peak is measured,
 * and later runs use the smaller of the planned chunk and what the measured cost per row lets fit in the budget.
 */
import type { HostTensor } from '../onnx/tensor';
import { chunkFeeds, concatBatch, runChunked } from './chunked-run';
import { processMemory, type MemoryProbe } from './process-memory';
import type { RunnableSession } from './session';

export interface CalibratedChunks {
  /** Rows per run for this session: the plan until measured, then min(plan, what fits). */
  chunkFor(session: RunnableSession): number;
  run(session: RunnableSession, feeds: Record<string, HostTensor>, outputs: readonly string[], rows: number): Promise<Record<string, HostTensor>>;
}

export interface Calibration {
  rows: number;
  baseBytes: number;
  peakBytes: number;
  chunk: number;
}

export function calibratedChunks(
  planned: number,
  budgetBytes: number,
  probe: MemoryProbe = processMemory,
  onCalibrated?: (c: Calibration) => void,
): CalibratedChunks {
  const chunks = new WeakMap<RunnableSession, number>();
  const chunkFor = (s: RunnableSession): number => chunks.get(s) ?? planned;
  return {
    chunkFor,
    async run(session, feeds, outputs, rows) {
      const batched = new Set(Object.keys(feeds));
      if (chunks.has(session) || planned <= 1 || rows <= 1 || !probe.resetPeak()) {
        return runChunked(session, feeds, outputs, { n: rows, chunk: chunkFor(session), batched });
      }
      const base = probe.rss();
      const first = await session.run(chunkFeeds(feeds, { n: rows, batched }, 0, 1), outputs);
      const perRow = Math.max(1, probe.peak() - base);
      const chunk = Math.max(1, Math.min(planned, Math.floor((budgetBytes - base) / perRow)));
      chunks.set(session, chunk);
      onCalibrated?.({ rows: 1, baseBytes: base, peakBytes: base + perRow, chunk });
      const tail = chunkFeeds(feeds, { n: rows, batched }, 1, rows);
      const rest = await runChunked(session, tail, outputs, { n: rows - 1, chunk, batched });
      return Object.fromEntries(outputs.map((o) => [o, concatBatch([first[o]!, rest[o]!])]));
    },
  };
}
