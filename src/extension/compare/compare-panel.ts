/** The Comparison view of one evaluation report (report.json read by the engine's evaluate/report). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EvaluateReportRequest } from '../../protocol/evaluate';
import { isCompareToHost, type CompareToWebview } from '../../protocol/views/compare';
import { toWireError } from '../../protocol/errors';
import type { EngineService } from '../engine/service';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { isInside } from '../config/paths';

const COMPARE_VIEW_TYPE = 'ganLens.compare';

export function openComparison(extensionUri: vscode.Uri, engine: EngineService, report: vscode.Uri): vscode.WebviewPanel {
  const folder = report.fsPath.endsWith('.json') ? vscode.Uri.file(path.dirname(report.fsPath)) : report;
  const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Comparison: ${vscode.workspace.asRelativePath(folder)}`, vscode.ViewColumn.Active, {
    ...webviewOptions(extensionUri, [folder]),
    retainContextWhenHidden: false,
  });
  panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { view: 'compare', title: 'GAN Lens comparison' });
  const post = (m: CompareToWebview): void => void panel.webview.postMessage(m);
  const sub = panel.webview.onDidReceiveMessage(async (m: unknown) => {
    if (!isCompareToHost(m)) return;
    if (m.type === 'openFile') {
      // The webview names the file: only files of this report open.
      if (isInside(m.file, folder.fsPath)) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(m.file));
      else void vscode.window.showWarningMessage(`GAN Lens: not opening ${m.file}: it is outside the report's folder ${folder.fsPath}.`);
      return;
    }
    try {
      const r = await engine.client.request(EvaluateReportRequest, { file: report.fsPath });
      const grids = Object.fromEntries(r.layers.map((l) => [l.layer, panel.webview.asWebviewUri(vscode.Uri.file(l.grid)).toString()]));
      post({ type: 'report', report: r, grids });
    } catch (e) {
      post({ type: 'error', error: toWireError(e) });
    }
  });
  panel.onDidDispose(() => sub.dispose());
  return panel;
}
