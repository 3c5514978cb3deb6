/** A small SVG line plot with error bars (the appendix's Fig. 9): no dependencies, readable in any browser. */

export interface PlotPoint {
  x: number;
  y: number;
  err?: number;
}

export function linePlotSvg(points: readonly PlotPoint[], o: { title: string; xLabel: string; yLabel: string }): string {
  const W = 480;
  const H = 320;
  const m = { l: 64, r: 20, t: 36, b: 48 };
  const xs = points.map((p) => p.x);
  const lo = Math.min(...points.map((p) => p.y - (p.err ?? 0)));
  const hi = Math.max(...points.map((p) => p.y + (p.err ?? 0)));
  const pad = Math.max((hi - lo) * 0.1, 1e-3);
  const y0 = lo - pad;
  const y1 = hi + pad;
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs) === x0 ? x0 + 1 : Math.max(...xs);
  const sx = (x: number): number => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y: number): number => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const f = (v: number): string => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escape(o.title)}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`,
  ];
  for (const x of xs) parts.push(`<text x="${f(sx(x))}" y="${H - m.b + 16}" text-anchor="middle">${x}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = y0 + ((y1 - y0) * i) / 4;
    parts.push(`<line x1="${m.l - 4}" y1="${f(sy(v))}" x2="${W - m.r}" y2="${f(sy(v))}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.l - 6}" y="${f(sy(v) + 4)}" text-anchor="end">${v.toFixed(3)}</text>`);
  }
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" text-anchor="middle">${escape(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${escape(o.yLabel)}</text>`);
  parts.push(`<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${points.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`);
  for (const p of points) {
    if (p.err) parts.push(`<line x1="${f(sx(p.x))}" y1="${f(sy(p.y - p.err))}" x2="${f(sx(p.x))}" y2="${f(sy(p.y + p.err))}" stroke="#1f77b4"/>`);
    parts.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3.5" fill="#1f77b4"><title>${p.x}: ${p.y.toFixed(4)}${p.err ? ` ± ${p.err.toFixed(4)}` : ''}</title></circle>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
