/** Host ↔ webview messages of the reconstruction gallery (no engine requests here: webview bundles import these). */
import type { WireError } from '../errors';
import type { ReconstructImagesResult } from '../stitch';
import { messageGuard, type MessageOf, type MessageSpec } from './declare';

export interface GalleryLayer {
  /** Extractor layer (the slider's label). */
  layer: string;
  /** Stitch run folder that reconstructs from it. */
  run: string;
  /** Validation cosine of the run, when known. */
  cosine?: number;
}
export type GalleryToWebview =
  /** `content` changes each time the host retargets the panel; saved state only applies to the same content. */
  | { type: 'layers'; title: string; layers: GalleryLayer[]; selected: number; seed: number; content: number }
  | { type: 'loading'; layer: string }
  | { type: 'result'; result: ReconstructImagesResult; roundTripMs: number }
  | { type: 'error'; error: WireError };
export const GALLERY_TO_HOST = {
  ready: {},
  show: { index: 'nonNegativeInt', seed: 'nonNegativeInt' },
  saveImage: { name: 'string', png: 'string' },
} as const satisfies MessageSpec;
export type GalleryToHost = MessageOf<typeof GALLERY_TO_HOST>;
export interface GalleryState {
  selected: number;
  seed: number;
  content: number;
}
export const isGalleryToHost = messageGuard(GALLERY_TO_HOST);
