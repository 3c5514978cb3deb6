/** Host ↔ webview messages of the stitch training panel. */
import type { WireError } from '../errors';
import type { JobProgress } from '../progress';
import type { StitchEpoch } from '../stitch';
import { messageGuard, type MessageOf, type MessageSpec } from './declare';

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
export const STITCH_TO_HOST = {
  ready: {},
  pause: { jobId: 'string' },
  cancel: { jobId: 'string' },
  resume: {},
  openGallery: {},
} as const satisfies MessageSpec;
export type StitchToHost = MessageOf<typeof STITCH_TO_HOST>;
export const isStitchToHost = messageGuard(STITCH_TO_HOST);
