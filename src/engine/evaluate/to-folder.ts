/**
 * The evaluation written to a report folder layer by layer: after each layer report.json/md/html hold every layer so
 * far (marked `partial` until the last one). `gan-lens evaluate` and the engine's evaluate/run job both run this.
 */
import { assembleEvaluation, evaluateLayer, prepareEvaluation, type EvaluateOptions, type LayerEvaluation } from './procedure';
import { writeReport, type ReportFiles } from './report';

export interface EvaluateToFolderOptions extends EvaluateOptions {
  outDir: string;
  /** Columns of the image grids (default 8). */
  gridImages?: number;
  /** After each layer's files are written; `index` counts from 0. */
  onLayer?: (files: ReportFiles, layer: string, index: number, total: number) => void;
}

export async function evaluateToFolder(o: EvaluateToFolderOptions): Promise<ReportFiles> {
  const ctx = await prepareEvaluation(o);
  const done: LayerEvaluation[] = [];
  const grid = o.gridImages !== undefined ? { gridImages: o.gridImages } : {};
  let files: ReportFiles | undefined;
  for (const [i, layer] of ctx.layers.entries()) {
    done.push(await evaluateLayer(ctx, layer, ctx.methods, o));
    const e = assembleEvaluation(ctx, done, o.session);
    const last = i === ctx.layers.length - 1;
    if (!last) e.report.partial = { done: done.length, total: ctx.layers.length };
    files = await writeReport(o.outDir, e, grid);
    o.onLayer?.(files, layer, i, ctx.layers.length);
  }
  return files!;
}
