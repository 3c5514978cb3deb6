/** Painting from an RGB mask with activation vectors: the engine's painting sessions. */
import { RequestType } from 'vscode-jsonrpc';
import type { WireError } from './errors';
import type { JobParams, JobResultBase } from './progress';

// paint/*
export interface PaintOpenParams {
  config: string;
  /** Palette file; default: one entry per library vector with generated colours. */
  palette?: string;
  library?: string;
}
export interface PaintPaletteEntry {
  label: number;
  name: string;
  color: string;
  vector: string;
}
export interface PaintOpenResult {
  sessionId: string;
  library: string;
  palette: PaintPaletteEntry[];
  keepColor: string;
  /** Output image [H, W] and the LayerX grid the mask is painted on. */
  imageSize: [number, number];
  maskSize: [number, number];
  /** Noise inputs read after LayerX and fed random noise (noise.mode 'random'): what the noise seed re-rolls. Empty: no noise control. */
  noiseInputs?: string[];
}
export const PaintOpenRequest = new RequestType<PaintOpenParams, PaintOpenResult, WireError>('paint/open');

export interface PaintRepaintParams {
  sessionId: string;
  /** RGB mask PNG, base64, at any resolution (palette colours; keep colour or anything else = keep). */
  mask: string;
  seed: number;
  /** Seed of the generator's noise inputs (default: seed): a new texture, same latents and mask. */
  noiseSeed?: number;
  variations?: number;
  vary?: 'latent' | 'noise';
}
export interface PaintRepaintResult {
  images: string[];
  seeds: number[];
  /** Painter forward time (ms) and the whole request inside the engine (ms). */
  paintMs: number;
  ms: number;
}
export const PaintRepaintRequest = new RequestType<PaintRepaintParams, PaintRepaintResult, WireError>('paint/repaint');

export interface PaintExportParams extends PaintRepaintParams {
  outDir: string;
}
export interface PaintExportResult {
  files: string[];
}
export const PaintExportRequest = new RequestType<PaintExportParams, PaintExportResult, WireError>('paint/export');

export interface PaintBatchParams extends JobParams {
  sessionId: string;
  outDir: string;
  count: number;
  seed?: number;
}
export interface PaintBatchResult extends JobResultBase {
  outDir: string;
  count: number;
}
export const PaintBatchRequest = new RequestType<PaintBatchParams, PaintBatchResult, WireError>('paint/batch');

export interface PaintCloseParams {
  sessionId: string;
}
export const PaintCloseRequest = new RequestType<PaintCloseParams, void, WireError>('paint/close');
