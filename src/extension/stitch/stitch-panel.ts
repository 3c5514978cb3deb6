/**
 * The Stitch panel of one run folder: live loss and validation curves, per-epoch samples, Pause/Cancel/Resume.
 * It keeps what it has shown (history, last progress) so a hidden and shown panel (the webview is rebuilt) looks
 * the same. Training itself is driven by stitch/train-stitch.ts.
 */
import * as vscode from 'vscode';
import { isStitchToHost, type StitchPanelInfo, type StitchToHost, type StitchToWebview } from '../../protocol/views/stitch-panel';
import type { StitchEpoch } from '../../protocol/stitch';
import type { JobProgress } from '../../protocol/progress';
import type { WireError } from '../../protocol/errors';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import type { RestoreStateMessage } from '../../protocol/views/restore';
import { readRunHistory } from './run-history';

export const STITCH_VIEW_TYPE = 'ganLens.stitch';

export interface StitchPanelActions {
  pause(): void;
  resume(): void;
  openGallery(): void;
}

export class StitchPanel implements vscode.Disposable {
  private static readonly open = new Map<string, StitchPanel>();
  private jobId = '';
  private resumed = false;
  private history: StitchEpoch[] = [];
  private samples = new Map<number, string>();
  private lastProgress: JobProgress | undefined;
  private stopped: Extract<StitchToWebview, { type: 'stopped' }> | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private disposed = false;
  actions: StitchPanelActions | undefined;

  static forRun(extensionUri: vscode.Uri, info: StitchPanelInfo): StitchPanel {
    const existing = StitchPanel.open.get(info.outDir);
    if (existing) {
      existing.info = info;
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(STITCH_VIEW_TYPE, `Stitch: ${info.layer}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...webviewOptions(extensionUri, [vscode.Uri.file(info.outDir)]),
      retainContextWhenHidden: false,
    });
    const p = new StitchPanel(panel, extensionUri, info);
    StitchPanel.open.set(info.outDir, p);
    return p;
  }

  /**
   * A panel VS Code restored after a window reload: its history and state come from the run folder (metrics.json,
   * samples/, run.json when training finished); Resume continues from the folder's checkpoint.
   */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, info: StitchPanelInfo): StitchPanel {
    panel.webview.options = webviewOptions(extensionUri, [vscode.Uri.file(info.outDir)]);
    StitchPanel.open.get(info.outDir)?.dispose();
    const p = new StitchPanel(panel, extensionUri, info);
    StitchPanel.open.set(info.outDir, p);
    const run = readRunHistory(info.outDir);
    p.jobId = 'restored';
    p.history = run.epochs;
    for (const e of run.epochs) if (run.samples.has(e.epoch)) p.samples.set(e.epoch, panel.webview.asWebviewUri(vscode.Uri.file(run.samples.get(e.epoch)!)).toString());
    p.stopped = { type: 'stopped', reason: run.finished ? 'done' : 'paused' };
    return p;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private info: StitchPanelInfo,
  ) {
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { view: 'stitch', title: `Stitch: ${info.layer}` });
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isStitchToHost(m)) this.receive(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(m: StitchToWebview | RestoreStateMessage): void {
    // Closing the panel does not stop the training (the notification still shows it and can cancel it).
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private receive(m: StitchToHost): void {
    switch (m.type) {
      case 'ready':
        this.post({ type: 'restoreState', restore: { view: 'stitch', info: this.info } });
        return this.replay();
      case 'pause':
      case 'cancel':
        return this.actions?.pause();
      case 'resume':
        return this.actions?.resume();
      case 'openGallery':
        return this.actions?.openGallery();
    }
  }

  /** Everything shown so far, for a rebuilt webview. */
  private replay(): void {
    if (!this.jobId) return;
    this.post({ type: 'start', info: this.info, jobId: this.jobId, history: this.history, resumed: this.resumed });
    for (const e of this.history) {
      const samples = this.samples.get(e.epoch);
      if (samples) this.post({ type: 'epoch', epoch: e, samples });
    }
    if (this.lastProgress) this.post({ type: 'progress', progress: this.lastProgress });
    if (this.stopped) this.post(this.stopped);
  }

  start(jobId: string, history: StitchEpoch[], resumed: boolean): void {
    this.jobId = jobId;
    this.resumed = resumed;
    this.history = history;
    this.stopped = undefined;
    this.lastProgress = undefined;
    this.post({ type: 'start', info: this.info, jobId, history, resumed });
  }

  progress(p: JobProgress): void {
    this.lastProgress = p;
    this.post({ type: 'progress', progress: p });
  }

  epoch(e: StitchEpoch, samplesFile: string): void {
    this.history = [...this.history.filter((h) => h.epoch !== e.epoch), e];
    if (this.disposed) return;
    const src = this.panel.webview.asWebviewUri(vscode.Uri.file(samplesFile)).toString();
    this.samples.set(e.epoch, src);
    this.post({ type: 'epoch', epoch: e, samples: src });
  }

  stop(reason: 'done' | 'paused' | 'failed', error?: WireError): void {
    this.stopped = { type: 'stopped', reason, ...(error ? { error } : {}) };
    this.post(this.stopped);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (StitchPanel.open.get(this.info.outDir) === this) StitchPanel.open.delete(this.info.outDir);
    this.subs.forEach((s) => s.dispose());
    this.panel.dispose();
  }
}
