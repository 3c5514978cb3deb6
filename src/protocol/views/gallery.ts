/** Host ↔ webview messages of the reconstruction gallery (no engine requests here: webview bundles import these). */
import type { WireError } from '../errors';
import { isInt, isObject } from './guards';
import type { ReconstructImagesResult } from '../stitch';

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
export type GalleryToHost =
  | { type: 'ready' }
  | { type: 'show'; index: number; seed: number }
  | { type: 'saveImage'; name: string; png: string };
export interface GalleryState {
  selected: number;
  seed: number;
  content: number;
}
export function isGalleryToHost(v: unknown): v is GalleryToHost {
  if (!isObject(v)) return false;
  if (v.type === 'ready') return true;
  if (v.type === 'show') return isInt(v.index) && v.index >= 0 && isInt(v.seed) && v.seed >= 0;
  return v.type === 'saveImage' && typeof v.name === 'string' && typeof v.png === 'string';
}
