/** Host ↔ webview messages of the Comparison view (an evaluation report). */
import type { WireError } from '../errors';
import type { EvaluateReportResult } from '../evaluate';
import { messageGuard, type MessageOf, type MessageSpec } from './declare';

// Comparison view (evaluation report)
export type CompareToWebview = { type: 'report'; report: EvaluateReportResult; grids: Record<string, string> } | { type: 'error'; error: WireError };
export const COMPARE_TO_HOST = { ready: {}, openFile: { file: 'string' } } as const satisfies MessageSpec;
export type CompareToHost = MessageOf<typeof COMPARE_TO_HOST>;
export const isCompareToHost = messageGuard(COMPARE_TO_HOST);
