/** Host ↔ webview messages of the Comparison view (an evaluation report, filled in layer by layer while it runs). */
import type { WireError } from '../errors';
import type { EvaluateReportResult } from '../evaluate';
import { messageGuard, type MessageOf, type MessageSpec } from './declare';

// Comparison view (evaluation report)
export type CompareToWebview =
  | { type: 'report'; report: EvaluateReportResult; grids: Record<string, string> }
  /** A running evaluate/run job: one line with layer, method and ETAs; fraction 0..1 of the whole evaluation. */
  | { type: 'progress'; message: string; fraction: number }
  | { type: 'stopped'; reason: 'done' | 'cancelled' | 'failed'; message?: string }
  | { type: 'error'; error: WireError };
export const COMPARE_TO_HOST = { ready: {}, openFile: { file: 'string' }, cancel: {} } as const satisfies MessageSpec;
export type CompareToHost = MessageOf<typeof COMPARE_TO_HOST>;
export const isCompareToHost = messageGuard(COMPARE_TO_HOST);
