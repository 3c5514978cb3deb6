/**
 * The Comparison view of one evaluation report folder (report.json read by the engine's evaluate/report). One panel
 * per folder; a running evaluate/run job fills it layer by layer (`showReport`, `progress`, `stopped`). The folder is
 * the panel's restore state, so it comes back after a window reload.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EvaluateReportRequest, type EvaluateReportResult } from '../../protocol/evaluate';
import { isCompareToHost, type CompareToHost, type CompareToWebview } from '../../protocol/views/compare';
import type { RestoreStateMessage } from '../../protocol/views/restore';
import { toWireError } from '../../protocol/errors';
import type { EngineService } from '../engine/service';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { isInside } from '../config/paths';

export const COMPARE_VIEW_TYPE = 'ganLens.compare';

/** The report folder of report.json or of the folder itself. */
export function reportFolder(report: vscode.Uri): vscode.Uri {
  return report.fsPath.endsWith('.json') ? vscode.Uri.file(path.dirname(report.fsPath)) : report;
}

export class ComparisonPanel implements vscode.Disposable {
  private static readonly open = new Map<string, ComparisonPanel>();
  private last: CompareToWebview[] = [];
  private disposed = false;
  private readonly subs: vscode.Disposable[] = [];
  /** Set by a running evaluation: the view's Cancel button. */
  onCancel: (() => void) | undefined;

  static show(extensionUri: vscode.Uri, engine: EngineService, report: vscode.Uri): ComparisonPanel {
    const folder = reportFolder(report);
    const existing = ComparisonPanel.open.get(folder.fsPath);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Comparison: ${vscode.workspace.asRelativePath(folder)}`, vscode.ViewColumn.Active, {
      ...webviewOptions(extensionUri, [folder]),
      retainContextWhenHidden: false,
    });
    return new ComparisonPanel(panel, extensionUri, engine, folder);
  }

  /** A panel VS Code restored after a reload (registerWebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, engine: EngineService, folder: vscode.Uri): ComparisonPanel {
    panel.webview.options = webviewOptions(extensionUri, [folder]);
    ComparisonPanel.open.get(folder.fsPath)?.dispose();
    return new ComparisonPanel(panel, extensionUri, engine, folder);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly engine: EngineService,
    readonly folder: vscode.Uri,
  ) {
    ComparisonPanel.open.set(folder.fsPath, this);
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { view: 'compare', title: 'GAN Lens comparison' });
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isCompareToHost(m)) void this.receive(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(m: CompareToWebview | RestoreStateMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private async receive(m: CompareToHost): Promise<void> {
    if (m.type === 'openFile') {
      // The webview names the file: only files of this report open.
      if (isInside(m.file, this.folder.fsPath)) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(m.file));
      else void vscode.window.showWarningMessage(`GAN Lens: not opening ${m.file}: it is outside the report's folder ${this.folder.fsPath}.`);
      return;
    }
    if (m.type === 'cancel') {
      this.onCancel?.();
      return;
    }
    this.post({ type: 'restoreState', restore: { view: 'compare', report: this.folder.fsPath } });
    if (this.last.length) {
      // a rebuilt webview (hidden and shown) gets what a running evaluation has shown so far
      for (const x of this.last) this.post(x);
      return;
    }
    try {
      this.showReport(await this.engine.client.request(EvaluateReportRequest, { file: this.folder.fsPath }));
    } catch (e) {
      this.post({ type: 'error', error: toWireError(e) });
    }
  }

  private remember(m: CompareToWebview): void {
    this.last = [...this.last.filter((x) => x.type !== m.type && !(m.type === 'progress' && x.type === 'stopped') && !(m.type === 'stopped' && x.type === 'progress')), m];
    this.post(m);
  }

  showReport(r: EvaluateReportResult): void {
    if (this.disposed) return;
    const grids = Object.fromEntries(r.layers.map((l) => [l.layer, this.panel.webview.asWebviewUri(vscode.Uri.file(l.grid)).toString()]));
    this.remember({ type: 'report', report: r, grids });
  }

  progress(message: string, fraction: number): void {
    this.remember({ type: 'progress', message, fraction });
  }

  stopped(reason: 'done' | 'cancelled' | 'failed', message?: string): void {
    this.onCancel = undefined;
    this.remember({ type: 'stopped', reason, ...(message ? { message } : {}) });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ComparisonPanel.open.get(this.folder.fsPath) === this) ComparisonPanel.open.delete(this.folder.fsPath);
    this.subs.forEach((s) => s.dispose());
    this.panel.dispose();
  }
}

export function openComparison(extensionUri: vscode.Uri, engine: EngineService, report: vscode.Uri): vscode.WebviewPanel {
  return ComparisonPanel.show(extensionUri, engine, report).panel;
}
