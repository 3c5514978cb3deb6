/** Host ↔ webview messages of the stitch training panel. */
import type { WireError } from '../errors';
import type { JobProgress } from '../progress';
import { isObject } from './guards';
import type { StitchEpoch } from '../stitch';

// Stitch panel
export interface StitchPanelInfo {
  config: string;
  layer: string;
  outDir: string;
  epochs: number;
}
export type StitchToWebview =
  | { type: 'start'; info: StitchPanelInfo; jobId: string; history: StitchEpoch[]; resumed: boolean }
  | { type: 'progress'; progress: JobProgress }
  /** `samples`: a webview URI of samples/epoch-NNN.png. */
  | { type: 'epoch'; epoch: StitchEpoch; samples: string }
  | { type: 'stopped'; reason: 'done' | 'paused' | 'failed'; error?: WireError };
export type StitchToHost =
  | { type: 'ready' }
  | { type: 'pause'; jobId: string }
  | { type: 'cancel'; jobId: string }
  | { type: 'resume' }
  | { type: 'openGallery' };
export function isStitchToHost(v: unknown): v is StitchToHost {
  if (!isObject(v)) return false;
  if (v.type === 'ready' || v.type === 'resume' || v.type === 'openGallery') return true;
  return (v.type === 'pause' || v.type === 'cancel') && typeof v.jobId === 'string';
}
