/**
 * The read-only custom editor for .onnx files: a Netron-like summary and the layer outline, rendered by the
 * webview's <gan-model-view>. The host asks the engine for the analysis and answers the webview's messages.
 */
import * as vscode from 'vscode';
import { isModelViewToHost, type ModelViewToHost, type ModelViewToWebview } from '../../protocol/views/model';
import { toWireError } from '../../protocol/errors';
import type { ModelAnalysis } from '../../protocol/model';
import type { EngineService } from '../engine/service';
import { analyzeModel } from '../models/analyze';
import { renderWebviewHtml, webviewOptions } from '../webview/html';

export const MODEL_VIEW_TYPE = 'ganLens.modelViewer';

class ModelDocument implements vscode.CustomDocument {
  /** Kept while the document is open: a hidden and shown editor re-renders without asking the engine again. */
  analysis: Promise<ModelAnalysis> | undefined;
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export class ModelEditorProvider implements vscode.CustomReadonlyEditorProvider<ModelDocument> {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly engine: EngineService,
  ) {}

  static register(extensionUri: vscode.Uri, engine: EngineService): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(MODEL_VIEW_TYPE, new ModelEditorProvider(extensionUri, engine), {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    });
  }

  openCustomDocument(uri: vscode.Uri): ModelDocument {
    return new ModelDocument(uri);
  }

  resolveCustomEditor(document: ModelDocument, panel: vscode.WebviewPanel): void {
    const { webview } = panel;
    const file = vscode.workspace.asRelativePath(document.uri);
    webview.options = webviewOptions(this.extensionUri);
    webview.html = renderWebviewHtml(webview, this.extensionUri, { view: 'model', title: `GAN Lens: ${file}` });
    const post = (m: ModelViewToWebview): void => void webview.postMessage(m);

    const load = async (fresh: boolean): Promise<void> => {
      post({ type: 'loading', file });
      if (fresh || !document.analysis) {
        const pending = analyzeModel(this.engine, document.uri);
        document.analysis = pending;
        pending.catch(() => {
          if (document.analysis === pending) document.analysis = undefined; // a failed analysis is retried next time
        });
      }
      try {
        const analysis = await document.analysis;
        post({ type: 'analysis', analysis, trusted: vscode.workspace.isTrusted });
      } catch (e) {
        post({ type: 'error', file, error: toWireError(e) });
      }
    };

    const onMessage = async (m: ModelViewToHost): Promise<void> => {
      switch (m.type) {
        case 'ready':
          return load(false);
        case 'reload':
          return load(true);
        case 'layerAction':
          if (m.action === 'copyName') {
            await vscode.env.clipboard.writeText(m.name);
            void vscode.window.setStatusBarMessage(`Copied ${m.name}`, 2000);
            return;
          }
          await vscode.commands.executeCommand(COMMAND_FOR[m.action], document.uri, m.tensor);
      }
    };

    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), document.uri.path.split('/').pop()!),
    );
    const subs = [
      webview.onDidReceiveMessage((m: unknown) => {
        if (isModelViewToHost(m)) void onMessage(m);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => post({ type: 'trust', trusted: true })),
      watcher,
      watcher.onDidChange(() => void load(true)),
    ];
    panel.onDidDispose(() => subs.forEach((s) => s.dispose()));
  }
}

const COMMAND_FOR = {
  invert: 'ganLens.invertLayer',
  stitch: 'ganLens.stitchWithGenerator',
  visualize: 'ganLens.visualizeActivations',
} as const;
