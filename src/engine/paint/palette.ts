/**
 * A painting palette: RGB colours of a mask → vectors of a library. One colour means "keep" (LayerX unchanged there).
 * File format (JSON):
 *
 *   {
 *     "library": "tissue",                       // optional; --library overrides
 *     "keep": "#00ff00",                         // colour that keeps the generator's own activations
 *     "keepLabel": 255,                          // label written for kept pixels (default 255: "ignore")
 *     "colors": [
 *       { "color": "#ff0000", "vector": "tumour", "label": 3, "name": "tumour" },
 *       { "color": "#ff80c0", "vector": "v17", "label": 1, "grid": 2 }
 *     ]
 *   }
 *
 * `vector` is a library entry's name or id; `label` the class written into exported label masks (default: the
 * entry's position + 1); `name` the legend text (default: the vector's name); `grid` k ≥ 1 paints the region on a
 * k×k checkerboard (blue cells the vector, white cells kept) instead of filling it (0, the default).
 */
import { readFileSync } from 'node:fs';
import { badInput } from '../util/errors';
import type { VectorLibrary } from '../vectors/library';

export type Rgb = [number, number, number];

export interface PaletteFile {
  library?: string;
  keep?: string;
  keepLabel?: number;
  colors: { color: string; vector: string; label?: number; name?: string; grid?: number }[];
}

export interface PaletteEntry {
  rgb: Rgb;
  name: string;
  label: number;
  vectorRef: string;
  vector: Float32Array;
  /** 0: fill the region; k ≥ 1: paint on a k×k checkerboard. */
  grid: number;
}

export interface Palette {
  keep: Rgb;
  keepLabel: number;
  entries: PaletteEntry[];
  library?: string;
}

function parseColor(s: string, where: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(s.trim());
  if (m) {
    const v = parseInt(m[1]!, 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  const r = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(s.trim());
  if (r && [r[1], r[2], r[3]].every((x) => Number(x) <= 255)) return [Number(r[1]), Number(r[2]), Number(r[3])];
  throw badInput(`${where}: '${s}' is not a colour.`, { hint: 'Write colours as "#rrggbb" or "rgb(r, g, b)".' });
}

export function colorHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export function readPaletteFile(file: string): PaletteFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw badInput(`Palette ${file} cannot be read as JSON: ${(e as Error).message}.`, { file });
  }
  const p = raw as PaletteFile;
  if (!p || typeof p !== 'object' || !Array.isArray(p.colors)) {
    throw badInput(`Palette ${file} needs a "colors" array of {"color", "vector"} entries.`, { file, hint: 'See docs/painting.md for the palette format.' });
  }
  for (const k of ['library', 'keep'] as const) {
    if (p[k] !== undefined && typeof p[k] !== 'string') throw badInput(`Palette ${file}: "${k}" must be a string, not ${JSON.stringify(p[k])}.`, { file, hint: 'See docs/painting.md for the palette format.' });
  }
  if (p.keepLabel !== undefined && (!Number.isInteger(p.keepLabel) || p.keepLabel < 0 || p.keepLabel > 255)) {
    throw badInput(`Palette ${file}: "keepLabel" must be an integer 0..255, not ${JSON.stringify(p.keepLabel)}.`, { file });
  }
  if (p.colors.some((c) => typeof c !== 'object' || c === null)) throw badInput(`Palette ${file}: every "colors" entry must be an object {"color", "vector"}.`, { file });
  return p;
}

/** Resolves colours and vector references against a library. */
export function resolvePalette(p: PaletteFile, lib: VectorLibrary, file = '<palette>'): Palette {
  const keep = parseColor(p.keep ?? '#00ff00', `${file}: keep`);
  const seen = new Map<string, string>([[colorHex(keep), 'keep']]);
  const entries = p.colors.map((c, i): PaletteEntry => {
    const where = `${file}: colors[${i}]`;
    if (typeof c.color !== 'string' || typeof c.vector !== 'string') throw badInput(`${where} needs "color" and "vector" strings.`, { file });
    const rgb = parseColor(c.color, where);
    const hex = colorHex(rgb);
    if (seen.has(hex)) throw badInput(`${where}: colour ${hex} is used twice (also by ${seen.get(hex)}).`, { file, hint: 'Give every vector its own colour, different from "keep".' });
    seen.set(hex, `colors[${i}]`);
    const { entry, vector } = lib.get(c.vector);
    const label = c.label ?? i + 1;
    if (!Number.isInteger(label) || label < 0 || label > 255) throw badInput(`${where}: label ${label} must be an integer 0..255.`, { file });
    const grid = c.grid ?? 0;
    if (!Number.isInteger(grid) || grid < 0) throw badInput(`${where}: grid ${grid} must be 0 (fill) or a cell size ≥ 1.`, { file });
    return { rgb, name: c.name ?? entry.name, label, vectorRef: c.vector, vector, grid };
  });
  const keepLabel = p.keepLabel ?? 255;
  return { keep, keepLabel, entries, ...(p.library ? { library: p.library } : {}) };
}

/** The legend an exported dataset carries: label → name and colour. */
export function paletteLegend(p: Palette): { ignoreLabel: number; keepColor: string; classes: { label: number; name: string; color: string; vector: string; grid: number }[] } {
  return {
    ignoreLabel: p.keepLabel,
    keepColor: colorHex(p.keep),
    classes: p.entries.map((e) => ({ label: e.label, name: e.name, color: colorHex(e.rgb), vector: e.vectorRef, grid: e.grid })),
  };
}
