/** Writes an evaluation as report.json, report.md and report.html with image grids and SVG charts beside them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeGridPng, unstackImage } from '../runtime/image';
import type { HostTensor } from '../onnx/tensor';
import { writeFileAtomic } from '../util/atomic';
import type { Evaluation } from './procedure';
import { METHOD_COLORS, lineChart, type Series } from './svg-chart';
import { extractorTable, formatSeconds, resultsTable, type Table } from './tables';
import { METHOD_LABELS, type EvaluationReport, type MethodKind } from './types';

/** Grid rows: originals, then these methods when evaluated (random images add nothing to look at). */
const GRID_METHODS: readonly MethodKind[] = ['gan-stitch', 'gan-direct-copy', 'gd-reg', 'gd-none'];

export interface ReportFiles {
  json: string;
  md: string;
  html: string;
  report: EvaluationReport;
}

export async function writeReport(outDir: string, e: Evaluation, options: { gridImages?: number } = {}): Promise<ReportFiles> {
  mkdirSync(join(outDir, 'images'), { recursive: true });
  const report: EvaluationReport = { ...e.report, layers: e.report.layers.map((l) => ({ ...l })) };
  const cols = Math.min(options.gridImages ?? 8, report.settings.images);
  for (const layer of report.layers) {
    const imgs = e.images.get(layer.layer);
    if (!imgs) continue;
    const rows: { label: string; t: HostTensor }[] = [{ label: 'original', t: imgs.originals }];
    for (const k of GRID_METHODS) {
      const t = imgs.byMethod.get(k);
      if (t) rows.push({ label: METHOD_LABELS[k], t });
    }
    const tiles = rows.flatMap((r) => Array.from({ length: cols }, (_, i) => unstackImage(r.t, i)));
    const file = `images/${layer.layer.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`;
    writeFileAtomic(join(outDir, file), await encodeGridPng(tiles, { cols, padValue: 1 }));
    layer.grid = file;
    layer.gridRows = rows.map((r) => r.label);
  }
  report.plot = 'cosine.svg';
  writeFileAtomic(join(outDir, report.plot), cosinePlot(report));
  const loss = lossPlot(report);
  if (loss) writeFileAtomic(join(outDir, 'gd-loss.svg'), loss);
  const json = join(outDir, 'report.json');
  const md = join(outDir, 'report.md');
  const html = join(outDir, 'report.html');
  writeFileAtomic(json, JSON.stringify(report, null, 2));
  writeFileAtomic(md, renderMarkdown(report, loss !== null));
  writeFileSync(html, renderHtml(report, loss));
  return { json, md, html, report };
}

/** Mean cosine ± std per layer and method, one panel per test network, side by side. */
function cosinePlot(report: EvaluationReport): string {
  const layers = report.layers.map((l) => l.layer);
  const kinds = [...new Set(report.layers.flatMap((l) => l.methods.map((m) => m.kind)))];
  const panels = report.settings.testNetworks.map((net) => {
    const series: Series[] = kinds.map((k) => {
      const at = report.layers.map((l) => l.methods.find((m) => m.kind === k)?.metrics.find((x) => x.network === net));
      return { label: METHOD_LABELS[k], color: METHOD_COLORS[k] ?? '#000', values: at.map((a) => a?.cosine.mean ?? NaN), errors: at.map((a) => a?.cosine.std ?? NaN) };
    });
    return lineChart(series, { title: `Cosine similarity at ${net}'s LayerX′`, xLabels: layers, yLabel: 'cosine similarity (mean ± std)' });
  });
  if (panels.length === 1) return panels[0]!;
  const w = 560;
  const inner = panels.map((p, i) => `<g transform="translate(${i * w} 0)">${p.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '')}</g>`).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w * panels.length}" height="320" font-family="sans-serif" font-size="11">\n${inner}\n</svg>`;
}

function lossPlot(report: EvaluationReport): string | null {
  const series: Series[] = [];
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
  let steps = 0;
  report.layers.forEach((l, i) => {
    for (const m of l.methods) {
      if (!m.lossCurve?.length) continue;
      steps = Math.max(steps, m.lossCurve.length);
      const first = m.lossCurve[0]!;
      series.push({ label: `${l.layer} ${m.kind === 'gd-reg' ? 'reg' : 'no reg'}`, color: palette[i % palette.length]!, values: m.lossCurve.map((v) => v / first) });
    }
  });
  if (!series.length) return null;
  const svg = lineChart(series, { title: 'GD loss (L1 at LayerX ÷ its first value)', xLabels: Array.from({ length: steps }, (_, i) => String(i + 1)), yLabel: 'relative L1', markers: false });
  // Dashed lines for the runs without regularisation.
  return svg.replace(/(<polyline[^>]*)\/>/g, (s, head: string, offset: number) => {
    const k = svg.slice(0, offset).split('<polyline').length - 1;
    return series[k]?.label.endsWith('no reg') ? `${head} stroke-dasharray="5 3"/>` : s;
  });
}

function mdCell(c: Table['rows'][number][number]): string {
  if (c.mean !== undefined && c.std !== undefined) return c.bold ? `**${c.mean}** ± ${c.std}` : `${c.mean} ± ${c.std}`;
  return c.bold ? `**${c.text}**` : c.text;
}

function mdTable(t: Table): string {
  const lines = [`| ${t.header.join(' | ')} |`, `|${t.header.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
  return lines.join('\n');
}

function notes(report: EvaluationReport): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const l of report.layers) {
    for (const m of l.methods) {
      if (m.note && !seen.has(`${l.layer}:${m.note}`)) {
        seen.add(`${l.layer}:${m.note}`);
        out.push(`${l.layer} ${m.label}: ${m.note}`);
      }
    }
  }
  return out;
}

function speedupLines(report: EvaluationReport): string[] {
  return report.speedups.map((s) => `GAN stitch vs ${METHOD_LABELS[s.versus]}: **${s.mean.toFixed(0)}×** faster on average (min ${s.min.toFixed(0)}×, max ${s.max.toFixed(0)}×, over ${report.layers.length} layer${report.layers.length === 1 ? '' : 's'}).`);
}

function perImageLines(report: EvaluationReport): string[] {
  return report.layers.map((l) => {
    const parts = l.methods.filter((m) => m.kind !== 'random').map((m) => `${m.label} ${formatSeconds(m.secondsPerImage)}`);
    return `${l.layer}: ${parts.join(', ')} per image`;
  });
}

function settingsLine(r: EvaluationReport): string {
  const s = r.settings;
  return (
    `${s.images} validation images; test network${s.testNetworks.length === 1 ? '' : 's'} ${s.testNetworks.join(', ')}; ` +
    `GD: ${s.steps} Adam steps, lr ${s.lr}, batch ${s.gdBatchSize}; GAN: batch ${s.ganBatchSize}, timed as the mean of ${s.ganTimingRuns} passes; seed ${s.seed}. ` +
    `Machine: ${r.machine.cpus}× ${r.machine.cpuModel}, provider ${r.machine.provider}, Node ${r.machine.node}.`
  );
}

function renderMarkdown(r: EvaluationReport, hasLoss: boolean): string {
  const out: string[] = [`# ${r.title}`, '', `Generated ${r.created} from \`${r.config.split('/').slice(-2).join('/')}\`.`, '', settingsLine(r), ''];
  out.push('## Results', '', 'Original and reconstruction compared at each test network\'s LayerX′ (per image, then mean ± std). Best per column and layer in bold.', '');
  out.push(mdTable(resultsTable(r)), '');
  for (const n of notes(r)) out.push(`\\* ${n}  `);
  out.push('', '## Speed', '', ...speedupLines(r).map((l) => `- ${l}`), ...perImageLines(r).map((l) => `- ${l}`), '');
  out.push('## Cosine similarity per layer', '', `![cosine similarity per layer and method](${r.plot})`, '');
  out.push('## At the inverted layer itself', '', 'GD optimises exactly this quantity; the test networks above guard against overfitting to it.', '', mdTable(extractorTable(r)), '');
  out.push('## Reconstructions', '');
  for (const l of r.layers) {
    if (!l.grid) continue;
    out.push(`### ${l.layer} (${l.shape.join('×')})`, '', `Rows: ${l.gridRows.join(' | ')}.`, '', `![${l.layer} reconstructions](${l.grid})`, '');
  }
  if (hasLoss) out.push('## GD loss curves', '', '![GD loss curves](gd-loss.svg)', '');
  return out.join('\n');
}

const escHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlTable(t: Table): string {
  const head = `<tr>${t.header.map((h) => `<th>${escHtml(h)}</th>`).join('')}</tr>`;
  const starts = new Set(t.groupStarts);
  const body = t.rows
    .map((r, i) => {
      const cells = r.map((c) => {
        const inner = c.mean !== undefined && c.std !== undefined ? `${c.bold ? `<b>${c.mean}</b>` : c.mean} ± ${c.std}` : c.bold ? `<b>${escHtml(c.text)}</b>` : escHtml(c.text);
        return `<td>${inner}</td>`;
      });
      return `<tr${starts.has(i) && i > 0 ? ' class="group"' : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function renderHtml(r: EvaluationReport, lossSvg: string | null): string {
  const sections = [
    `<h1>${escHtml(r.title)}</h1>`,
    `<p class="meta">Generated ${escHtml(r.created)} from <code>${escHtml(r.config)}</code>.<br>${escHtml(settingsLine(r))}</p>`,
    '<h2>Results</h2>',
    "<p>Original and reconstruction compared at each test network's LayerX′ (per image, then mean ± std). Best per column and layer in bold.</p>",
    htmlTable(resultsTable(r)),
    ...notes(r).map((n) => `<p class="note">* ${escHtml(n)}</p>`),
    '<h2>Speed</h2>',
    `<ul>${[...speedupLines(r).map((l) => l.replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')), ...perImageLines(r).map(escHtml)].map((l) => `<li>${l}</li>`).join('')}</ul>`,
    '<h2>Cosine similarity per layer</h2>',
    `<figure>${cosinePlot(r)}</figure>`,
    '<h2>At the inverted layer itself</h2>',
    htmlTable(extractorTable(r)),
    '<h2>Reconstructions</h2>',
    ...r.layers
      .filter((l) => l.grid)
      .map((l) => `<h3>${escHtml(l.layer)} (${l.shape.join('×')})</h3><p>Rows: ${escHtml(l.gridRows.join(' | '))}.</p><img src="${l.grid}" alt="${escHtml(l.layer)} reconstructions">`),
    ...(lossSvg ? ['<h2>GD loss curves</h2>', `<figure>${lossSvg}</figure>`] : []),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escHtml(r.title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: right; white-space: nowrap; }
th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
tr.group td { border-top: 2px solid #888; }
.meta, .note { color: #555; font-size: 13px; }
img { image-rendering: pixelated; max-width: 100%; }
</style></head><body>
${sections.join('\n')}
</body></html>
`;
}
