/** Host ↔ webview messages of the Paint side panel. */
import type { WireError } from '../errors';
import type { JobProgress } from '../progress';
import type { PaintPaletteEntry } from '../paint';
import { messageGuard, type MessageOf, type MessageSpec } from './declare';

// Paint side panel
export type PaintToWebview =
  | { type: 'noConfig'; message: string }
  | { type: 'session'; config: string; library: string; palette: PaintPaletteEntry[]; keepColor: string; imageSize: [number, number]; maskSize: [number, number]; noiseInputs?: string[] }
  | { type: 'painted'; images: string[]; seed: number; paintMs: number; roundTripMs: number }
  /** The config's generator has no vector library yet: the panel offers "Sample and name vectors now". */
  | { type: 'noLibrary'; config: string; message: string }
  | { type: 'exported'; files: string[] }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'error'; error: WireError };
export const PAINT_TO_HOST = {
  ready: {},
  /** mask: RGB PNG (base64) at the LayerX grid size, palette colours, keep elsewhere. */
  /** noiseSeed: the generator's noise inputs (a new texture, same latents and mask); absent: the sample's own. */
  paint: { mask: 'string', seed: 'int', variations: 'int', noiseSeed: 'optionalInt' },
  export: { mask: 'string', seed: 'int', noiseSeed: 'optionalInt' },
  /** One engine job that samples, ranks and names a starter library. */
  sampleLibrary: {},
  batch: { count: 'positiveInt', seed: 'int' },
  cancelJob: { jobId: 'string' },
  reload: {},
} as const satisfies MessageSpec;
export type PaintToHost = MessageOf<typeof PAINT_TO_HOST>;
export interface PaintState {
  seed: number;
  /** Seed of the noise inputs; absent: the sample's own (= seed). */
  noiseSeed?: number;
  color: number;
  tool: 'brush' | 'eraser';
  brush: number;
  /** Palette index per mask cell (−1 keep), so a hidden and shown panel keeps its painting. */
  cells: number[];
}
export const isPaintToHost = messageGuard(PAINT_TO_HOST);
