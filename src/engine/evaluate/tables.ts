/**
 * Tables in the layout of the paper's Tables 2–4: one group of rows per layer, one row per method, per test network
 * the cosine similarity, L1 loss and Gram cosine (mean ± std), then the evaluation time; best per column and layer
 * in bold (highest cosine/Gram, lowest L1 and time).
 */
import type { Summary } from '../metrics/activations';
import type { EvaluationReport, MethodResult } from './types';

export interface Cell {
  text: string;
  /** Mean ± std cells keep the parts apart so renderers can bold the mean alone, as the paper does. */
  mean?: string;
  std?: string;
  bold?: boolean;
}

export interface Table {
  header: string[];
  rows: Cell[][];
  /** Index of the first row of each layer group. */
  groupStarts: number[];
}

type Better = 'high' | 'low';

interface Column {
  header: string;
  value: (m: MethodResult) => Summary | number | null;
  better: Better;
  /** Methods that never compete in this column (random images have no evaluation time). */
  skip?: (m: MethodResult) => boolean;
  digits?: number;
}

function formatMean(c: Column, v: number): string {
  return c.header.startsWith('Evaluation time') ? formatSeconds(v) : v.toFixed(c.digits ?? 3);
}

function meanOf(v: Summary | number | null): number {
  if (v === null) return NaN;
  return typeof v === 'number' ? v : v.mean;
}

export function formatSeconds(s: number): string {
  if (s < 0.1) return `${(s * 1000).toFixed(1)}ms`;
  if (s < 10) return `${s.toFixed(2)}s`;
  return `${s.toFixed(0)}s`;
}

function cell(v: Summary | number | null, c: Column): Cell {
  if (v === null || (typeof v !== 'number' && !Number.isFinite(v.mean))) return { text: '—' };
  if (typeof v === 'number') return { text: formatSeconds(v), mean: formatSeconds(v) };
  const d = c.digits ?? 3;
  return { text: `${v.mean.toFixed(d)} ± ${v.std.toFixed(d)}`, mean: v.mean.toFixed(d), std: v.std.toFixed(d) };
}

export function resultsTable(report: Pick<EvaluationReport, 'layers' | 'settings'>, options: { gram?: boolean } = {}): Table {
  const nets = report.settings.testNetworks;
  const columns: Column[] = [];
  for (const [k, net] of nets.entries()) {
    const find = (m: MethodResult): MethodResult['metrics'][number] | undefined => m.metrics.find((x) => x.network === net) ?? m.metrics[k];
    const suffix = nets.length > 1 || net !== 'test-network' ? ` (${net})` : '';
    columns.push({ header: `Cosine similarity${suffix}`, value: (m) => find(m)?.cosine ?? null, better: 'high' });
    columns.push({ header: `L1 loss${suffix}`, value: (m) => find(m)?.l1 ?? null, better: 'low' });
    if (options.gram ?? true) columns.push({ header: `Gram cosine${suffix}`, value: (m) => find(m)?.gram ?? null, better: 'high' });
  }
  columns.push({ header: `Evaluation time (${report.settings.images} images)`, value: (m) => (m.kind === 'random' ? null : m.seconds), better: 'low', skip: (m) => m.kind === 'random' });
  const rows: Cell[][] = [];
  const groupStarts: number[] = [];
  for (const layer of report.layers) {
    groupStarts.push(rows.length);
    const best = columns.map((c) => {
      const vals = layer.methods.filter((m) => !c.skip?.(m)).map((m) => meanOf(c.value(m))).filter(Number.isFinite);
      return vals.length ? (c.better === 'high' ? Math.max(...vals) : Math.min(...vals)) : NaN;
    });
    layer.methods.forEach((m, i) => {
      const label = m.note ? `${m.label}*` : m.label;
      const row: Cell[] = [{ text: i === 0 ? layer.layer.toUpperCase() : '' }, { text: label }];
      columns.forEach((c, k) => {
        const v = c.value(m);
        const x = cell(v, c);
        const mean = meanOf(v);
        // Compare at the printed precision, so ties in the table are bold together.
        if (!c.skip?.(m) && Number.isFinite(mean) && Number.isFinite(best[k]!) && x.mean === formatMean(c, best[k]!)) x.bold = true;
        row.push(x);
      });
      rows.push(row);
    });
  }
  return { header: ['Layer', 'Method', ...columns.map((c) => c.header)], rows, groupStarts };
}

/** Metrics at the inverted extractor layer itself (what GD optimises directly). */
export function extractorTable(report: Pick<EvaluationReport, 'layers'>): Table {
  const rows: Cell[][] = [];
  const groupStarts: number[] = [];
  const cos: Column = { header: 'Cosine similarity at LayerX', value: (m) => m.extractor.cosine, better: 'high' };
  const l1: Column = { header: 'L1 loss at LayerX', value: (m) => m.extractor.l1, better: 'low' };
  for (const layer of report.layers) {
    groupStarts.push(rows.length);
    const bestCos = Math.max(...layer.methods.map((m) => m.extractor.cosine.mean));
    const bestL1 = Math.min(...layer.methods.map((m) => m.extractor.l1.mean));
    layer.methods.forEach((m, i) => {
      const c = cell(m.extractor.cosine, cos);
      const l = cell(m.extractor.l1, l1);
      if (c.mean === formatMean(cos, bestCos)) c.bold = true;
      if (l.mean === formatMean(l1, bestL1)) l.bold = true;
      rows.push([{ text: i === 0 ? layer.layer.toUpperCase() : '' }, { text: m.label }, c, l]);
    });
  }
  return { header: ['Layer', 'Method', cos.header, l1.header], rows, groupStarts };
}
