/**
 * Runs the paper's evaluation as an engine job (evaluate/run): a notification with progress, ETA and Cancel, and the
 * Comparison view of the report folder filling in as each layer finishes (the view's Cancel stops it too). Each
 * finished layer but the last is also a notification with its headline numbers.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EvaluateRunRequest, type EvaluateLayerNotice, type EvaluateRunParams, type EvaluateRunResult } from '../../protocol/evaluate';
import { errorMessage, isGanLensError } from '../../protocol/errors';
import type { EngineService } from '../engine/service';
import { progressMessage } from '../jobs/run-with-progress';
import { ComparisonPanel } from './compare-panel';

/** Optional overrides (the command's second argument; tests and scripted runs use them for a small evaluation). */
export type EvaluationOverrides = Pick<EvaluateRunParams, 'layers' | 'images' | 'steps' | 'methods' | 'timingRuns' | 'train' | 'outDir'>;

export function isEvaluationOverrides(v: unknown): v is EvaluationOverrides {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);
}

/** "layer2 evaluated: GAN (stitch) cosine 0.61, GD with reg 0.55 (test-network)". */
export function layerHeadline(n: EvaluateLayerNotice): string {
  const l = n.report.layers.find((x) => x.layer === n.layer);
  if (!l) return `${n.layer} evaluated`;
  const cells = l.methods.filter((m) => m.metrics[0]).map((m) => `${m.label} ${m.metrics[0]!.cosine.mean.toFixed(3)}`);
  const net = l.methods[0]?.metrics[0]?.network;
  return `${n.layer} evaluated${cells.length ? `: cosine ${cells.join(', ')}${net ? ` at ${net}` : ''}` : ''}`;
}

export async function runEvaluationJob(
  extensionUri: vscode.Uri,
  engine: EngineService,
  config: { uri: vscode.Uri; name: string; output: string },
  overrides: EvaluationOverrides = {},
): Promise<EvaluateRunResult | undefined> {
  const outDir = overrides.outDir ?? path.join(config.output, 'evaluation');
  const view = ComparisonPanel.show(extensionUri, engine, vscode.Uri.file(outDir));
  view.progress('Starting the evaluation…', 0);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `GAN Lens: evaluating ${config.name}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    view.onCancel = () => controller.abort();
    let done = 0;
    try {
      const result = await engine.client.runJob(EvaluateRunRequest, { ...overrides, config: config.uri.fsPath, outDir }, {
        signal: controller.signal,
        onProgress: (p) => {
          const pct = p.total > 0 ? (100 * p.step) / p.total : 0;
          progress.report({ increment: Math.max(0, pct - done), message: progressMessage(p) });
          done = Math.max(done, pct);
          view.progress(progressMessage(p), pct / 100);
        },
        onEvaluateLayer: (n) => {
          view.showReport(n.report);
          if (n.report.partial) void vscode.window.showInformationMessage(`GAN Lens: ${layerHeadline(n)} (${n.report.partial.done}/${n.report.partial.total}).`);
        },
      });
      view.showReport(result.report);
      view.stopped('done');
      void vscode.window.showInformationMessage(`GAN Lens: evaluation of ${config.name} done — ${vscode.workspace.asRelativePath(result.file)}.`, 'Open report.html').then((a) => {
        if (a) void vscode.env.openExternal(vscode.Uri.file(path.join(result.outDir, 'report.html')));
      });
      return result;
    } catch (e) {
      if (isGanLensError(e) && e.kind === 'cancelled') {
        view.stopped('cancelled');
        return undefined;
      }
      view.stopped('failed', errorMessage(e));
      throw e;
    } finally {
      sub.dispose();
    }
  });
}
