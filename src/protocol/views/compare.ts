/** Host ↔ webview messages of the Comparison view (an evaluation report). */
import type { WireError } from '../errors';
import { isObject } from './guards';
import type { EvaluateReportResult } from '../evaluate';

// Comparison view (evaluation report)
export type CompareToWebview = { type: 'report'; report: EvaluateReportResult; grids: Record<string, string> } | { type: 'error'; error: WireError };
export type CompareToHost = { type: 'ready' } | { type: 'openFile'; file: string };
export function isCompareToHost(v: unknown): v is CompareToHost {
  return isObject(v) && (v.type === 'ready' || (v.type === 'openFile' && typeof v.file === 'string'));
}
