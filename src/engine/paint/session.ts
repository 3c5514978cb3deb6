/**
 * The painting panel's engine side: open once (generator split at the library's layer, sessions warm, palette
 * resolved), then repaint as often as the user edits the mask. `gan-lens paint` and `paint-batch` use the same.
 */
import type { GanLensConfig } from '../config/types';
import type { SessionOptions } from '../runtime/session';
import { libraryDir, openLibrary, type VectorLibrary } from '../vectors/library';
import { openGeneratorParts } from '../vectors/parts';
import { loadVectorSetup } from '../vectors/setup';
import { decodeRgb, indexMask, type IndexMap } from './mask';
import { paintImage, type PaintImageResult } from './paint-image';
import { Painter, type VaryMode } from './painter';
import { readPaletteFile, resolvePalette, type Palette, type PaletteFile } from './palette';

export interface OpenPaintingOptions {
  config: GanLensConfig;
  /** Folder holding .ganlens/vectors (default: the config's folder). */
  workspace?: string;
  /** Library name (default: the palette's "library", else "default"). */
  library?: string;
  /** Palette file path or its parsed content. */
  palette: string | PaletteFile;
  session?: SessionOptions;
}

export interface PaintingSession {
  painter: Painter;
  palette: Palette;
  library: VectorLibrary;
  /** Paints a mask (PNG path, PNG bytes or palette indices) on sample `seed`; `variations` images. */
  paint(mask: string | Uint8Array | IndexMap, o: { seed: number; noiseSeed?: number; variations?: number; vary?: VaryMode }): Promise<PaintImageResult>;
  /** Re-reads the palette (the user edited it or the library). */
  setPalette(palette: string | PaletteFile): void;
}

export async function openPainting(o: OpenPaintingOptions): Promise<PaintingSession> {
  const paletteFile = typeof o.palette === 'string' ? readPaletteFile(o.palette) : o.palette;
  const paletteSource = typeof o.palette === 'string' ? o.palette : '<palette>';
  const name = o.library ?? paletteFile.library ?? 'default';
  const workspace = o.workspace ?? o.config.dir;
  const library = openLibrary(libraryDir(workspace, name));
  const setup = await loadVectorSetup(o.config, library.meta.tensor);
  const parts = await openGeneratorParts(setup, o.session ?? {});
  const painter = Painter.open(parts);
  let palette = resolvePalette(paletteFile, library, paletteSource);
  return {
    painter,
    get palette() {
      return palette;
    },
    library,
    async paint(mask, p) {
      const m = typeof mask === 'string' || mask instanceof Uint8Array ? indexMask(await decodeRgb(mask), palette, typeof mask === 'string' ? mask : '<mask>') : mask;
      return paintImage(painter, { palette, mask: m, seed: p.seed, ...(p.noiseSeed !== undefined ? { noiseSeed: p.noiseSeed } : {}), ...(p.variations ? { variations: p.variations } : {}), ...(p.vary ? { vary: p.vary } : {}) });
    },
    setPalette(next) {
      const file = typeof next === 'string' ? readPaletteFile(next) : next;
      palette = resolvePalette(file, openLibrary(libraryDir(workspace, name)), typeof next === 'string' ? next : '<palette>');
    },
  };
}
