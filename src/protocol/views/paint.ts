/** Host ↔ webview messages of the Paint side panel. */
import type { WireError } from '../errors';
import type { JobProgress } from '../progress';
import { isInt, isObject } from './guards';
import type { PaintPaletteEntry } from '../paint';

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
