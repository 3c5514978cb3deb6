/** A labelled heat map as SVG (and PNG through sharp): rows × columns of values with their numbers printed. */
import sharp from 'sharp';

export interface HeatmapSpec {
  title: string;
  rowLabels: string[];
  colLabels: string[];
  /** values[row][col]; null cells are drawn grey with 'n/a'. */
  values: (number | null)[][];
  /** Colour scale range; default: min/max of the values. */
  range?: [number, number];
  format?: (v: number) => string;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Viridis-like ramp from dark blue (low) to yellow (high). */
function colour(t: number): string {
  const stops: [number, number, number][] = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i]!.map((v, k) => Math.round(v + (stops[i + 1]![k]! - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function heatmapSvg(h: HeatmapSpec): string {
  const cell = 64;
  const left = 12 + 8 * Math.max(...h.rowLabels.map((l) => l.length), 4);
  const top = 56;
  const width = left + cell * h.colLabels.length + 16;
  const height = top + cell * h.rowLabels.length + 16;
  const flat = h.values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const [lo, hi] = h.range ?? [Math.min(...flat), Math.max(...flat)];
  const fmt = h.format ?? ((v: number) => v.toFixed(2));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${escapeXml(h.title)}</text>`,
  ];
  h.colLabels.forEach((c, j) => parts.push(`<text x="${left + j * cell + cell / 2}" y="${top - 8}" text-anchor="middle">${escapeXml(c)}</text>`));
  h.rowLabels.forEach((r, i) => {
    parts.push(`<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${escapeXml(r)}</text>`);
    h.colLabels.forEach((_, j) => {
      const v = h.values[i]?.[j] ?? null;
      const x = left + j * cell;
      const y = top + i * cell;
      const t = v === null || hi === lo ? 0.5 : (v - lo) / (hi - lo);
      const fill = v === null ? '#ccc' : colour(t);
      const ink = v !== null && t > 0.6 ? 'black' : 'white';
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="white"/>`);
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="${v === null ? '#555' : ink}">${v === null ? 'n/a' : escapeXml(fmt(v))}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export async function heatmapPng(h: HeatmapSpec): Promise<Buffer> {
  return sharp(Buffer.from(heatmapSvg(h))).png().toBuffer();
}
