/**
 * Layer compatibility (Fig. 6 of Herdt et al.): for extractor layers, stitch into generator layers at sampling
 * distance −2..+2 from the matching one, each with a closed-form fit plus a short fine-tune, and compare validation
 * cosine similarity and L1 relative to distance 0.
 */
import { join } from 'node:path';
import type { GanLensConfig } from '../config/types';
import type { SessionOptions } from '../runtime/session';
import { writeFileAtomic } from '../util/atomic';
import { isGanLensError, cancelledError } from '../util/errors';
import { trainStitch } from './train';
import { heatmapPng, heatmapSvg, type HeatmapSpec } from './heatmap';

export const DEFAULT_OFFSETS = [-2, -1, 0, 1, 2];


export interface CompatCell {
  from: string;
  /** Column label: the offset (−2..+2) or the generator layer named. */
  column: string;
  offset: number | null;
  to: string | null;
  cosine: number | null;
  l1: number | null;
  relativeCosine: number | null;
  relativeL1: number | null;
  /** Why there is no value (no generator layer at that distance, ...). */
  note?: string;
}

export interface CompatOptions {
  config: GanLensConfig;
  fromLayers: string[];
  offsets?: number[];
  /** Explicit generator layers as columns (every extractor layer × every generator layer) instead of offsets. */
  toLayers?: string[];
  outDir: string;
  samples?: number;
  validationSize?: number;
  /** Generated images of each cell's closed-form fit (default 64). */
  initSamples?: number;
  session?: SessionOptions;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, cell: CompatCell) => void;
}

interface Column {
  label: string;
  to: string;
  offset: number | null;
}

export async function compatibility(o: CompatOptions): Promise<CompatCell[]> {
  const columns: Column[] = o.toLayers
    ? o.toLayers.map((to) => ({ label: to, to, offset: null }))
    : (o.offsets ?? DEFAULT_OFFSETS).map((offset) => ({ label: offset > 0 ? `+${offset}` : String(offset), to: 'auto', offset }));
  const cells: CompatCell[] = [];
  const total = o.fromLayers.length * columns.length;
  for (const from of o.fromLayers) {
    const row: CompatCell[] = [];
    for (const col of columns) {
      if (o.signal?.aborted) throw cancelledError('The compatibility matrix');
      let cell: CompatCell;
      try {
        const r = await trainStitch({
          config: o.config,
          pair: { from, to: col.to },
          offset: col.offset ?? 0,
          outDir: join(o.outDir, 'runs', `${from}_${col.label}`.replace(/[^A-Za-z0-9._+-]+/g, '_')),
          // The matrix regenerates its cells each time.
          overwrite: true,
          epochs: 1,
          samplesPerEpoch: o.samples ?? 64,
          validationSize: o.validationSize ?? 16,
          init: 'closed-form',
          ...(o.initSamples ? { initSamples: o.initSamples } : {}),
          ...(o.session ? { session: o.session } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
        });
        cell = { from, column: col.label, offset: col.offset, to: r.pair.to, cosine: r.best.cosine, l1: r.best.l1, relativeCosine: null, relativeL1: null };
      } catch (e) {
        if (!isGanLensError(e) || e.kind !== 'bad-input') throw e;
        cell = { from, column: col.label, offset: col.offset, to: null, cosine: null, l1: null, relativeCosine: null, relativeL1: null, note: e.message.split('\n')[0]! };
      }
      row.push(cell);
      cells.push(cell);
      o.onProgress?.(cells.length, total, cell);
    }
    relativise(row);
  }
  await writeCompat(o.outDir, cells, o.fromLayers, columns.map((c) => c.label), !o.toLayers);
  return cells;
}

/** Fills a row's relative values: to distance 0 (offsets), or to the row's best cosine / best L1 (explicit layers). */
export function relativise(row: CompatCell[]): void {
  const zero = row.find((c) => c.offset === 0);
  const valid = row.filter((c) => c.cosine !== null);
  const refCos = zero ? zero.cosine : Math.max(...valid.map((c) => c.cosine!));
  const refL1 = zero ? zero.l1 : Math.min(...valid.map((c) => c.l1!));
  for (const c of row) {
    if (refCos && c.cosine !== null) c.relativeCosine = c.cosine / refCos;
    if (refL1 && c.l1 !== null) c.relativeL1 = c.l1 / refL1;
  }
}

/** compat.json and the heat maps for cells in row-major order. */
export async function writeCompat(dir: string, cells: CompatCell[], rows: string[], cols: string[], byOffset: boolean): Promise<void> {
  writeFileAtomic(join(dir, 'compat.json'), JSON.stringify({ columns: cols, reference: byOffset ? 'distance 0' : 'best of row', cells }, null, 2));
  const grid = (key: 'relativeCosine' | 'relativeL1'): (number | null)[][] =>
    rows.map((r) => cols.map((col) => cells.find((c) => c.from === r && c.column === col)?.[key] ?? null));
  const ref = byOffset ? '÷ distance 0' : '÷ best of row';
  const cos: HeatmapSpec = { title: `Relative cosine similarity (${ref})`, rowLabels: rows, colLabels: cols, values: grid('relativeCosine') };
  const l1: HeatmapSpec = { title: `Relative L1 (${ref}; lower is better)`, rowLabels: rows, colLabels: cols, values: grid('relativeL1') };
  writeFileAtomic(join(dir, 'compat-cosine.svg'), heatmapSvg(cos));
  writeFileAtomic(join(dir, 'compat-cosine.png'), await heatmapPng(cos));
  writeFileAtomic(join(dir, 'compat-l1.svg'), heatmapSvg(l1));
  writeFileAtomic(join(dir, 'compat-l1.png'), await heatmapPng(l1));
}
