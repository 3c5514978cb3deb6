/**
 * Host ↔ webview messages of the feature views: the reconstruction gallery, the stitch panel, the comparison view,
 * the paint panel and the activation atlas. Discriminated unions on `type`; each view has a guard for what it posts.
 */
import type { WireError } from './errors';
import type { JobProgress } from './progress';
import type { EvaluateReportResult, PaintPaletteEntry, ReconstructImagesResult, StitchEpoch, VectorsRankResult } from './features';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

// Reconstruction gallery
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

// Comparison view (evaluation report)
export type CompareToWebview = { type: 'report'; report: EvaluateReportResult; grids: Record<string, string> } | { type: 'error'; error: WireError };
export type CompareToHost = { type: 'ready' } | { type: 'openFile'; file: string };
export function isCompareToHost(v: unknown): v is CompareToHost {
  return isObject(v) && (v.type === 'ready' || (v.type === 'openFile' && typeof v.file === 'string'));
}

// Paint side panel
export type PaintToWebview =
  | { type: 'noConfig'; message: string }
  | { type: 'session'; config: string; library: string; palette: PaintPaletteEntry[]; keepColor: string; imageSize: [number, number]; maskSize: [number, number] }
  | { type: 'painted'; images: string[]; seed: number; paintMs: number; roundTripMs: number }
  | { type: 'exported'; files: string[] }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'error'; error: WireError };
export type PaintToHost =
  | { type: 'ready' }
  /** mask: RGB PNG (base64) at the LayerX grid size, palette colours, keep elsewhere. */
  | { type: 'paint'; mask: string; seed: number; variations: number }
  | { type: 'export'; mask: string; seed: number }
  | { type: 'batch'; count: number; seed: number }
  | { type: 'cancelJob'; jobId: string }
  | { type: 'reload' };
export interface PaintState {
  seed: number;
  color: number;
  tool: 'brush' | 'eraser';
  brush: number;
  /** Palette index per mask cell (−1 keep), so a hidden and shown panel keeps its painting. */
  cells: number[];
}
export function isPaintToHost(v: unknown): v is PaintToHost {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'reload':
      return true;
    case 'paint':
      return typeof v.mask === 'string' && isInt(v.seed) && isInt(v.variations);
    case 'export':
      return typeof v.mask === 'string' && isInt(v.seed);
    case 'batch':
      return isInt(v.count) && v.count > 0 && isInt(v.seed);
    case 'cancelJob':
      return typeof v.jobId === 'string';
    default:
      return false;
  }
}

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
