/** Host ↔ webview messages of the activation atlas. */
import type { WireError } from '../errors';
import type { JobProgress } from '../progress';
import { isInt, isObject } from './guards';
import type { VectorsRankResult } from '../vectors';

// Activation atlas
export type AtlasToWebview =
  | { type: 'ranking'; title: string; ranking: VectorsRankResult }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'added'; rank: number; library: string; id: string; name: string }
  | { type: 'error'; error: WireError };
export type AtlasToHost = { type: 'ready' } | { type: 'add'; rank: number } | { type: 'cancelJob'; jobId: string };
export function isAtlasToHost(v: unknown): v is AtlasToHost {
  if (!isObject(v)) return false;
  if (v.type === 'ready') return true;
  if (v.type === 'add') return isInt(v.rank) && v.rank >= 0;
  return v.type === 'cancelJob' && typeof v.jobId === 'string';
}
