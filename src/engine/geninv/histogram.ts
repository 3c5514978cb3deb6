/** A small standalone SVG histogram of several error distributions on a log10 axis (the paper's Fig. 5). */

export interface HistogramSeries {
  label: string;
  values: readonly number[];
  colour: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function histogramSvg(series: readonly HistogramSeries[], o: { title: string; xLabel: string; bins?: number }): string {
  const W = 640;
  const H = 360;
  const m = { l: 56, r: 16, t: 36, b: 48 };
  const bins = o.bins ?? 30;
  const logs = series.map((s) => s.values.filter((v) => v > 0).map(Math.log10));
  const all = logs.flat();
  const lo = Math.floor(Math.min(...all));
  const hi = Math.ceil(Math.max(...all));
  const span = Math.max(hi - lo, 1);
  const counts = logs.map((ls) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of ls) c[Math.min(bins - 1, Math.floor(((v - lo) / span) * bins))]!++;
    return c;
  });
  const maxCount = Math.max(1, ...counts.flat());
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const x = (v: number): number => m.l + ((v - lo) / span) * pw;
  const y = (c: number): number => m.t + ph - (c / maxCount) * ph;
  const bw = pw / bins;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(o.title)}</text>`,
  ];
  counts.forEach((c, si) => {
    c.forEach((k, b) => {
      if (k) parts.push(`<rect x="${(m.l + b * bw).toFixed(1)}" y="${y(k).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${(m.t + ph - y(k)).toFixed(1)}" fill="${series[si]!.colour}" fill-opacity="0.55"/>`);
    });
  });
  parts.push(`<line x1="${m.l}" y1="${m.t + ph}" x2="${m.l + pw}" y2="${m.t + ph}" stroke="black"/>`, `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${m.t + ph}" stroke="black"/>`);
  for (let e = lo; e <= hi; e++) parts.push(`<text x="${x(e).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle">1e${e}</text>`);
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 10}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text x="14" y="${m.t + ph / 2}" text-anchor="middle" transform="rotate(-90 14 ${m.t + ph / 2})">images</text>`);
  parts.push(`<text x="${m.l - 6}" y="${m.t + 4}" text-anchor="end">${maxCount}</text>`);
  series.forEach((s, i) => {
    const ly = m.t + 8 + i * 16;
    parts.push(`<rect x="${m.l + pw - 230}" y="${ly - 9}" width="10" height="10" fill="${s.colour}" fill-opacity="0.7"/>`, `<text x="${m.l + pw - 215}" y="${ly}">${esc(s.label)} (n=${s.values.length})</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
