/**
 * The Paint side panel (webview view `ganLens.paint` in the GAN Lens activity-bar container). Opens a painting
 * session (paint/open) for a workspace config, repaints on each stroke end (only the newest mask waits while one
 * paints), exports image + mask, and runs batch exports as a cancellable job.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PaintBatchRequest, PaintCloseRequest, PaintExportRequest, PaintOpenRequest, PaintRepaintRequest, type PaintOpenResult } from '../../protocol/paint';
import { isPaintToHost, type PaintToHost, type PaintToWebview } from '../../protocol/views/paint';
import { toWireError } from '../../protocol/errors';
import { VectorsStarterRequest } from '../../protocol/vectors';
import type { EngineService } from '../engine/service';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { LatestOnly } from '../webview/latest-only';
import { runWithProgress } from '../jobs/run-with-progress';
import { readConfigSummary, workspaceConfigs, type ConfigSummary } from '../config/workspace-configs';

const PAINT_VIEW_ID = 'ganLens.paint';

export class PaintViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private config: ConfigSummary | undefined;
  private sessionId: string | undefined;
  private readonly repaints = new LatestOnly<Extract<PaintToHost, { type: 'paint' }>>((m) => this.repaint(m));
  private readonly painted = new vscode.EventEmitter<number>();
  /** Fires with the round-trip ms after each repaint reaches the webview (tests, measurements). */
  readonly onDidPaint = this.painted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly engine: EngineService,
  ) {}

  static register(extensionUri: vscode.Uri, engine: EngineService): { provider: PaintViewProvider; disposable: vscode.Disposable } {
    const provider = new PaintViewProvider(extensionUri, engine);
    return { provider, disposable: vscode.Disposable.from(provider, vscode.window.registerWebviewViewProvider(PAINT_VIEW_ID, provider)) };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri, { view: 'paint', title: 'GAN Lens Paint' });
    view.webview.onDidReceiveMessage((m: unknown) => {
      if (isPaintToHost(m)) void this.receive(m);
    });
    view.onDidDispose(() => (this.view = undefined));
  }

  /** Paint with this config (CodeLens "Paint"): focus the view and open a session for it. */
  async showConfig(uri: vscode.Uri): Promise<void> {
    this.config = await readConfigSummary(uri);
    await this.closeSession();
    await vscode.commands.executeCommand(`${PAINT_VIEW_ID}.focus`);
    if (this.view) await this.openSession();
  }

  private post(m: PaintToWebview): void {
    void this.view?.webview.postMessage(m);
  }

  private async receive(m: PaintToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
      case 'reload':
        return this.openSession();
      case 'paint':
        return this.repaints.push(m);
      case 'export':
        return this.export(m.mask, m.seed, m.noiseSeed);
      case 'sampleLibrary':
        return this.sampleLibrary();
      case 'batch':
        return this.batch(m.count, m.seed);
      case 'cancelJob':
        await this.engine.client.cancelJob(m.jobId);
    }
  }

  private async openSession(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'noConfig', message: 'GAN Lens runs nothing in Restricted Mode; trust the workspace to paint.' });
      return;
    }
    this.config ??= (await workspaceConfigs())[0];
    if (!this.config) {
      this.post({ type: 'noConfig', message: 'No *.ganlens.json config in this workspace. Add one (see the README), then Try again.' });
      return;
    }
    try {
      if (!this.sessionId) {
        const r = await this.engine.client.request(PaintOpenRequest, { config: this.config.uri.fsPath });
        this.sessionId = r.sessionId;
        this.lastOpen = r;
      }
      const r = this.lastOpen;
      if (r) {
        this.post({ type: 'session', config: vscode.workspace.asRelativePath(this.config.uri), library: r.library, palette: r.palette, keepColor: r.keepColor, imageSize: r.imageSize, maskSize: r.maskSize, noiseInputs: r.noiseInputs ?? [] });
      }
    } catch (e) {
      const err = toWireError(e);
      if (/has no vector library/.test(err.message)) {
        // No library for this generator yet: offer to make one (one engine job) instead of a dead end.
        this.post({ type: 'noLibrary', config: vscode.workspace.asRelativePath(this.config.uri), message: 'There is no vector library for this generator yet.' });
        return;
      }
      this.post({ type: 'noConfig', message: `${vscode.workspace.asRelativePath(this.config.uri)}: ${err.message}` });
    }
  }

  private lastOpen: PaintOpenResult | undefined;

  private async repaint(m: Extract<PaintToHost, { type: 'paint' }>): Promise<void> {
    if (!this.sessionId) return;
    const started = performance.now();
    try {
      const r = await this.engine.client.request(PaintRepaintRequest, {
        sessionId: this.sessionId,
        mask: m.mask,
        seed: m.seed,
        ...(m.noiseSeed !== undefined ? { noiseSeed: m.noiseSeed } : {}),
        variations: m.variations,
        ...(m.variations > 1 ? { vary: 'noise' as const } : {}),
      });
      const roundTripMs = performance.now() - started;
      this.post({ type: 'painted', images: r.images, seed: m.seed, paintMs: r.paintMs, roundTripMs });
      this.painted.fire(roundTripMs);
    } catch (e) {
      this.sessionId = undefined; // a restarted engine lost the session: the next repaint reopens it
      this.post({ type: 'error', error: toWireError(e) });
    }
  }

  private outputFolder(kind: string): string {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    return path.join(this.config!.output, 'paint', `${kind}-${stamp}`);
  }

  /**
   * "Sample and name vectors now": one engine job (vectors/starter) samples LayerX vectors, ranks them by tileability
   * and names one per class of the extractor; then the panel opens on the new library.
   */
  private async sampleLibrary(): Promise<void> {
    if (!this.config) return;
    const names = await vscode.window.showInputBox({
      title: 'GAN Lens: name the segmenter\'s classes',
      prompt: "The extractor's classes in label order, comma-separated (leave empty for class0, class1, …)",
      placeHolder: 'e.g. background, stroma, epithelium, tumour',
      ignoreFocusOut: true,
    });
    if (names === undefined) return;
    const classNames = names.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    try {
      const r = await runWithProgress(this.engine.client, VectorsStarterRequest, { config: this.config.uri.fsPath, n: 64, ...(classNames.length ? { classNames } : {}) }, {
        title: 'GAN Lens: sampling and naming vectors',
        onProgress: (p) => this.post({ type: 'progress', progress: p }),
      });
      void vscode.window.showInformationMessage(`GAN Lens: library '${r.library}' with ${r.picks.map((p) => p.name).join(', ')} (from ${r.n} vectors of ${r.layer}).`);
      await this.closeSession();
      await this.openSession();
    } catch (e) {
      this.post({ type: 'error', error: toWireError(e) });
    }
  }

  private async export(mask: string, seed: number, noiseSeed?: number): Promise<void> {
    if (!this.sessionId || !this.config) return;
    try {
      const outDir = this.outputFolder('export');
      const r = await this.engine.client.request(PaintExportRequest, { sessionId: this.sessionId, mask, seed, ...(noiseSeed !== undefined ? { noiseSeed } : {}), outDir });
      this.post({ type: 'exported', files: r.files });
      const pick = await vscode.window.showInformationMessage(`GAN Lens: exported image + mask to ${vscode.workspace.asRelativePath(outDir)}.`, 'Reveal');
      if (pick) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(r.files[0]!));
    } catch (e) {
      this.post({ type: 'error', error: toWireError(e) });
    }
  }

  private async batch(count: number, seed: number): Promise<void> {
    if (!this.sessionId || !this.config) return;
    const outDir = this.outputFolder('batch');
    try {
      const r = await runWithProgress(this.engine.client, PaintBatchRequest, { sessionId: this.sessionId, outDir, count, seed }, {
        title: `GAN Lens: painting ${count} annotated images`,
        onProgress: (p) => this.post({ type: 'progress', progress: p }),
      });
      this.post({ type: 'exported', files: [r.outDir] });
      void vscode.window.showInformationMessage(`GAN Lens: ${r.count} images with masks in ${vscode.workspace.asRelativePath(r.outDir)} (manifest.json, palette.json).`);
    } catch (e) {
      this.post({ type: 'error', error: toWireError(e) });
    }
  }

  private async closeSession(): Promise<void> {
    const id = this.sessionId;
    this.sessionId = undefined;
    this.lastOpen = undefined;
    if (id) await this.engine.client.request(PaintCloseRequest, { sessionId: id }).catch(() => undefined);
  }

  dispose(): void {
    this.painted.dispose();
  }
}
