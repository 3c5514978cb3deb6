/** paint/open, paint/repaint, paint/export, paint/batch, paint/close: the paint panel's engine side (openPainting). */
import { join, relative, resolve } from 'node:path';
import type { PaintBatchParams, PaintBatchResult, PaintCloseParams, PaintExportParams, PaintExportResult, PaintOpenParams, PaintOpenResult, PaintRepaintParams, PaintRepaintResult } from '../../../protocol/paint';
import type { JobProgress } from '../../../protocol/progress';
import { workspaceConfig } from './workspace-config';
import { openPainting, type PaintingSession } from '../../paint/session';
import { colorHex, paletteLegend, type PaletteFile } from '../../paint/palette';
import { paintBatch } from '../../paint/batch';
import { writePaintImage } from '../../paint/paint-image';
import { encodePng } from '../../runtime/image';
import { libraryDir, listLibraries, openLibrary } from '../../vectors/library';
import { badInput } from '../../util/errors';
import { planGeneratorInputs } from '../../generator/feeds';
import { jobSession, type EngineState } from '../state';
import { absolutePath, optionalInt, requiredString, requireTrusted } from './guards';

/** Distinct, readable colours for a palette made from a library (golden-angle hues). */
/** The panel's "unpainted" colour: black, which no generated swatch is (they are saturated mid-lightness hues; green was one). */
const KEEP_COLOR = '#000000';

function paletteColor(i: number): string {
  const hue = (i * 137.508) % 360;
  const s = 0.75;
  const l = 0.5;
  const f = (n: number): number => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return colorHex([f(0), f(8), f(4)]);
}

/**
 * The library to paint with when none is named: the first one made from this generator (a library records its
 * generator relative to the config's folder), so a folder with two generators never paints one's vectors into the other.
 */
export function defaultLibrary(workspace: string, generatorModel: string): string | undefined {
  return listLibraries(workspace).find((n) => resolve(workspace, openLibrary(libraryDir(workspace, n)).meta.generator) === resolve(generatorModel));
}

function libraryPalette(workspace: string, library: string | undefined, generatorModel: string): PaletteFile {
  const name = library ?? defaultLibrary(workspace, generatorModel);
  if (!name) {
    // The paint panel reads "has no vector library" as: offer "Sample and name vectors now".
    throw badInput(`${workspace} has no vector library (.ganlens/vectors/*) for ${relative(workspace, generatorModel)}.`, { file: workspace, hint: 'Sample and name vectors in the Paint panel, add vectors from the activation atlas, or run "gan-lens vectors starter" first.' });
  }
  const lib = openLibrary(libraryDir(workspace, name));
  return { library: name, keep: KEEP_COLOR, colors: lib.entries.map((e, i) => ({ color: paletteColor(i), vector: e.id, name: e.name })) };
}

function maskBytes(method: string, mask: unknown): Uint8Array {
  const b64 = requiredString(method, 'mask', mask);
  const bytes = Buffer.from(b64.replace(/^data:image\/png;base64,/, ''), 'base64');
  if (bytes.length < 8) throw badInput(`${method}: 'mask' is not a base64 PNG.`);
  return bytes;
}

async function repaint(s: PaintingSession, method: string, p: PaintRepaintParams) {
  const seed = optionalInt(method, 'seed', p.seed, 0, 2 ** 31 - 1) ?? 0;
  const variations = optionalInt(method, 'variations', p.variations, 1, 16) ?? 1;
  const vary = p.vary === 'noise' ? 'noise' : 'latent';
  const noiseSeed = optionalInt(method, 'noiseSeed', p.noiseSeed, 0, 2 ** 31 - 1);
  return s.paint(maskBytes(method, p.mask), { seed, ...(noiseSeed !== undefined ? { noiseSeed } : {}), variations, vary });
}

/** The suffix's noise inputs that the config feeds random noise: what a noise seed changes (none in 'const' mode). */
export function paintNoiseInputs(s: PaintingSession): string[] {
  const { setup, suffix } = s.painter.parts;
  const g = setup.config.generator;
  if (g.noise.mode !== 'random') return [];
  const names = suffix.inputNames.filter((n) => n !== setup.layer.tensor);
  return planGeneratorInputs(names, '', setup.analysis.summary.inputs, g, g.model).filter((p) => p.kind === 'noise').map((p) => p.feedName);
}

export function paintHandlers(state: EngineState, sendProgress: (p: JobProgress) => void) {
  return {
    open: async (params: PaintOpenParams): Promise<PaintOpenResult> => {
      requireTrusted(state, 'paint/open');
      const config = workspaceConfig(state, 'paint/open', params.config);
      const palette = params.palette !== undefined ? absolutePath('paint/open', 'palette', params.palette) : libraryPalette(config.dir, params.library, config.generator.model);
      const session = await openPainting({ config, palette, session: jobSession(state), ...(params.library ? { library: params.library } : {}) });
      const [, h, w] = session.painter.layerShape;
      // One all-keep paint warms the sessions and tells the output size.
      const warm = await session.paint({ h, w, data: new Int32Array(h * w).fill(-1) }, { seed: 0 });
      const [, H, W] = warm.images[0]!.dims as [number, number, number];
      const legend = paletteLegend(session.palette);
      return {
        sessionId: state.paintSessions.add(session),
        library: session.library.meta.name,
        palette: legend.classes.map((c) => ({ label: c.label, name: c.name, color: c.color, vector: c.vector })),
        keepColor: legend.keepColor,
        imageSize: [H, W],
        maskSize: [h, w],
        noiseInputs: paintNoiseInputs(session),
      };
    },
    repaint: async (params: PaintRepaintParams): Promise<PaintRepaintResult> => {
      requireTrusted(state, 'paint/repaint');
      const started = performance.now();
      const r = await repaint(state.paintSessions.get(params.sessionId), 'paint/repaint', params);
      const images = await Promise.all(r.images.map(async (im) => (await encodePng(im)).toString('base64')));
      return { images, seeds: r.seeds.map((s) => (typeof s === 'number' ? s : s.noise)), paintMs: r.ms, ms: performance.now() - started };
    },
    export: async (params: PaintExportParams): Promise<PaintExportResult> => {
      requireTrusted(state, 'paint/export');
      const outDir = absolutePath('paint/export', 'outDir', params.outDir, false);
      const s = state.paintSessions.get(params.sessionId);
      const r = await repaint(s, 'paint/export', params);
      const files = await writePaintImage(outDir, r, s.palette, { seed: params.seed });
      return { files: [...files, join(outDir, 'mask.png'), join(outDir, 'mask_rgb.png'), join(outDir, 'paint.json')] };
    },
    batch: async (params: PaintBatchParams, signal: AbortSignal): Promise<PaintBatchResult> => {
      requireTrusted(state, 'paint/batch');
      const outDir = absolutePath('paint/batch', 'outDir', params.outDir, false);
      const count = optionalInt('paint/batch', 'count', params.count, 1, 100_000) ?? 1;
      const seed = optionalInt('paint/batch', 'seed', params.seed, 0, 2 ** 31 - 1) ?? 0;
      const s = state.paintSessions.get(params.sessionId);
      const { jobId } = await state.jobs.run(
        { kind: 'paint-batch', jobId: params.jobId, what: 'Batch export', signal, onProgress: sendProgress },
        async (ctx) =>
          paintBatch(s.painter, outDir, {
            palette: s.palette,
            n: count,
            seed,
            signal: ctx.signal,
            onProgress: (done, total) => ctx.report({ step: done, total, message: `${done} of ${total} images` }),
          }),
      );
      return { jobId, outDir, count };
    },
    close: async (params: PaintCloseParams): Promise<void> => {
      state.paintSessions.close(requiredString('paint/close', 'sessionId', params.sessionId));
    },
  };
}
