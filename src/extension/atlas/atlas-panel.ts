/** The Activation atlas panel: ranks a generator layer's vectors (vectors/rank job) and adds picked ones to the library. */
import * as vscode from 'vscode';
import { VectorsAddRequest, VectorsRankRequest, type VectorsRankResult } from '../../protocol/vectors';
import { isAtlasToHost, type AtlasToWebview } from '../../protocol/views/atlas';
import { toWireError } from '../../protocol/errors';
import type { EngineService } from '../engine/service';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { newJobId } from '../../protocol/job-ids';
import type { ConfigSummary } from '../config/workspace-configs';
import type { RestoreStateMessage } from '../../protocol/views/restore';

export const ATLAS_VIEW_TYPE = 'ganLens.atlas';

/** `revived`: a panel VS Code restored after a window reload (the ranking is computed again for it). */
export function openAtlas(extensionUri: vscode.Uri, engine: EngineService, config: ConfigSummary, layer: string, revived?: vscode.WebviewPanel): vscode.WebviewPanel {
  const title = `Activation atlas: ${config.name} ${layer}`;
  const panel = revived ?? vscode.window.createWebviewPanel(ATLAS_VIEW_TYPE, title, vscode.ViewColumn.Active, { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
  if (revived) {
    revived.webview.options = webviewOptions(extensionUri);
    revived.title = title;
  }
  panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { view: 'atlas', title });
  const post = (m: AtlasToWebview): void => void panel.webview.postMessage(m);
  const jobId = newJobId('vectors-rank');
  const n = vscode.workspace.getConfiguration('ganLens.atlas').get<number>('vectors', 256);
  let ranking: Promise<VectorsRankResult> | undefined;
  const added: { rank: number; library: string; id: string; name: string }[] = [];
  const rank = (): Promise<VectorsRankResult> =>
    (ranking ??= engine.client.runJob(VectorsRankRequest, { jobId, config: config.uri.fsPath, layer, n, show: 8 }, { onProgress: (p) => post({ type: 'progress', progress: p }) }));
  const sub = panel.webview.onDidReceiveMessage(async (m: unknown) => {
    if (!isAtlasToHost(m)) return;
    try {
      if (m.type === 'ready') {
        void panel.webview.postMessage({ type: 'restoreState', restore: { view: 'atlas', config: config.uri.fsPath, layer } } satisfies RestoreStateMessage);
        // a rebuilt (hidden and shown) webview gets the same ranking and what was added since
        post({ type: 'ranking', title, ranking: await rank() });
        for (const a of added) post({ type: 'added', ...a });
      } else if (m.type === 'add') {
        const r = await engine.client.request(VectorsAddRequest, { rankingId: (await rank()).rankingId, rank: m.rank });
        added.push({ rank: m.rank, library: r.library, id: r.id, name: r.name });
        post({ type: 'added', rank: m.rank, library: r.library, id: r.id, name: r.name });
      } else {
        await engine.client.cancelJob(m.jobId);
      }
    } catch (e) {
      if (m.type === 'ready') ranking = undefined;
      post({ type: 'error', error: toWireError(e) });
    }
  });
  panel.onDidDispose(() => {
    sub.dispose();
    void engine.client.cancelJob(jobId).catch(() => undefined);
  });
  return panel;
}
