/** Small dependency-free line charts as SVG text (embedded in report.md via a file and inlined in report.html). */

export interface Series {
  label: string;
  color: string;
  /** One value per x position; NaN leaves a gap. */
  values: number[];
  /** Optional ± band drawn as error bars. */
  errors?: number[];
}

export interface ChartOptions {
  title: string;
  xLabels: string[];
  yLabel: string;
  /** Fixed y range; fitted to the data when omitted. */
  yRange?: [number, number];
  width?: number;
  height?: number;
  /** Draw markers and error bars (category axes); off for long curves. */
  markers?: boolean;
}

export const METHOD_COLORS: Record<string, string> = {
  'gan-stitch': '#d62728',
  'gan-direct-copy': '#ff9896',
  'gd-reg': '#1f77b4',
  'gd-none': '#2ca02c',
  random: '#7f7f7f',
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

function niceRange(series: readonly Series[]): [number, number] {
  const vals = series.flatMap((s) => s.values.map((v, i) => [v - (s.errors?.[i] ?? 0), v + (s.errors?.[i] ?? 0)]).flat()).filter(Number.isFinite);
  if (!vals.length) return [0, 1];
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

export function lineChart(series: readonly Series[], o: ChartOptions): string {
  const W = o.width ?? 560;
  const H = o.height ?? 320;
  const m = { l: 56, r: 150, t: 30, b: 40 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const [y0, y1] = o.yRange ?? niceRange(series);
  const n = o.xLabels.length;
  const x = (i: number): number => m.l + (n <= 1 ? pw / 2 : (i * pw) / (n - 1));
  const y = (v: number): number => m.t + ph - ((v - y0) / (y1 - y0)) * ph;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l + pw / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(o.title)}</text>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const v = y0 + ((y1 - y0) * k) / 4;
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${m.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`);
  }
  const every = Math.max(1, Math.ceil(n / 8));
  o.xLabels.forEach((l, i) => {
    if (i % every === 0 || i === n - 1) parts.push(`<text x="${x(i).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle">${esc(l)}</text>`);
  });
  parts.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}" stroke="#444"/><line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="#444"/>`);
  parts.push(`<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(Boolean);
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.join(' ')}"/>`);
    if (o.markers ?? true) {
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        const e = s.errors?.[i];
        if (e && Number.isFinite(e)) parts.push(`<line x1="${x(i).toFixed(1)}" x2="${x(i).toFixed(1)}" y1="${y(v - e).toFixed(1)}" y2="${y(v + e).toFixed(1)}" stroke="${s.color}"/>`);
        parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
      });
    }
    const ly = m.t + 8 + k * 18;
    parts.push(`<line x1="${m.l + pw + 12}" x2="${m.l + pw + 32}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="3"/>`);
    parts.push(`<text x="${m.l + pw + 38}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
