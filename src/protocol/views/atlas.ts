/** Host ↔ webview messages of the activation atlas. */
import type { WireError } from '../errors';
import type { JobProgress } from '../progress';
import type { VectorsRankResult } from '../vectors';
import { messageGuard, type MessageOf, type MessageSpec } from './declare';

// Activation atlas
export type AtlasToWebview =
  | { type: 'ranking'; title: string; ranking: VectorsRankResult }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'added'; rank: number; library: string; id: string; name: string }
  | { type: 'error'; error: WireError };
export const ATLAS_TO_HOST = { ready: {}, add: { rank: 'nonNegativeInt' }, cancelJob: { jobId: 'string' } } as const satisfies MessageSpec;
export type AtlasToHost = MessageOf<typeof ATLAS_TO_HOST>;
export const isAtlasToHost = messageGuard(ATLAS_TO_HOST);
