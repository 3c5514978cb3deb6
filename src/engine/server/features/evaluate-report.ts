/** evaluate/report: reads an evaluation's report.json for the comparison view (paths made absolute). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EvaluateReportParams, EvaluateReportResult } from '../../../protocol/evaluate';
import type { EvaluationReport } from '../../evaluate/types';
import { badInput } from '../../util/errors';
import { absolutePath } from './guards';

const M = 'evaluate/report';

export function readEvaluationReport(path: string): EvaluateReportResult {
  const file = statSync(path).isDirectory() ? join(path, 'report.json') : path;
  if (!existsSync(file)) throw badInput(`${path} holds no report.json.`, { file: path, hint: 'Run "gan-lens evaluate" (or the Evaluate CodeLens) first.' });
  let r: EvaluationReport;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as EvaluationReport;
  } catch (e) {
    throw badInput(`${file} is not valid JSON: ${(e as Error).message}.`, { file });
  }
  if (!Array.isArray(r?.layers) || !r.settings) throw badInput(`${file} is not an evaluation report (no "layers"/"settings").`, { file });
  const dir = dirname(file);
  return {
    file,
    title: r.title,
    created: r.created,
    settings: { images: r.settings.images, steps: r.settings.steps, lr: r.settings.lr, testNetworks: r.settings.testNetworks },
    machine: { cpus: r.machine.cpus, cpuModel: r.machine.cpuModel, provider: r.machine.provider, threads: r.machine.threads },
    layers: r.layers.map((l) => ({
      layer: l.layer,
      tensor: l.tensor,
      shape: l.shape,
      grid: resolve(dir, l.grid),
      gridRows: l.gridRows,
      methods: l.methods.map((m) => ({
        kind: m.kind,
        label: m.label,
        seconds: m.seconds,
        secondsPerImage: m.secondsPerImage,
        metrics: m.metrics.map((n) => ({ network: n.network, layer: n.layer, cosine: n.cosine, l1: n.l1, gram: n.gram })),
        extractor: m.extractor,
        ...(m.note ? { note: m.note } : {}),
      })),
    })),
    speedups: r.speedups,
    ...(r.partial ? { partial: { done: r.partial.done, total: r.partial.total } } : {}),
  };
}

export function evaluateReport() {
  return async (params: EvaluateReportParams): Promise<EvaluateReportResult> => readEvaluationReport(absolutePath(M, 'file', params.file));
}
