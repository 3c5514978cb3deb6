/**
 * The Reconstruction gallery panel: one per window, revealed and re-targeted when opened again. Layer switches go to
 * the engine's stitch/layerSwitch (warm reconstructors); a dragged slider only waits for the layer it stops on.
 */
import * as vscode from 'vscode';
import { StitchLayerSwitchRequest, type ReconstructImagesResult } from '../../protocol/stitch';
import { isGalleryToHost, type GalleryLayer, type GalleryToHost, type GalleryToWebview } from '../../protocol/views/gallery';
import { toWireError } from '../../protocol/errors';
import type { EngineService } from '../engine/service';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { LatestOnly } from '../webview/latest-only';
import type { RestoreStateMessage } from '../../protocol/views/restore';

export const GALLERY_VIEW_TYPE = 'ganLens.gallery';

export interface GalleryContent {
  title: string;
  layers: GalleryLayer[];
  selected: number;
  seed?: number;
  /** Number of validation images to show (setting ganLens.gallery.images). */
  count?: number;
  /** A finished result to show as it is (GD inversions: nothing to re-render per layer). */
  fixed?: ReconstructImagesResult;
}

export class GalleryPanel implements vscode.Disposable {
  private static current: GalleryPanel | undefined;
  private content: GalleryContent;
  private contentVersion = 1;
  private readonly subs: vscode.Disposable[] = [];
  private readonly queue: LatestOnly<{ index: number; seed: number }>;
  private readonly lastShown = new vscode.EventEmitter<number>();
  /** Fires with the number of images after each result reaches the webview (tests, commands that await it). */
  readonly onDidShowResult = this.lastShown.event;

  static show(extensionUri: vscode.Uri, engine: EngineService, content: GalleryContent): GalleryPanel {
    if (GalleryPanel.current) {
      GalleryPanel.current.retarget(content);
      GalleryPanel.current.panel.reveal();
      return GalleryPanel.current;
    }
    const roots = [...new Set(content.layers.filter((l) => l.run).map((l) => vscode.Uri.file(l.run).toString()))].map((u) => vscode.Uri.parse(u));
    const panel = vscode.window.createWebviewPanel(GALLERY_VIEW_TYPE, content.title, vscode.ViewColumn.Active, {
      ...webviewOptions(extensionUri, roots),
      retainContextWhenHidden: false,
    });
    GalleryPanel.current = new GalleryPanel(panel, extensionUri, engine, content);
    return GalleryPanel.current;
  }

  /** Restores a gallery after a window reload (registerWebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, engine: EngineService, content: GalleryContent): GalleryPanel {
    const roots = [...new Set(content.layers.filter((l) => l.run).map((l) => vscode.Uri.file(l.run).toString()))].map((u) => vscode.Uri.parse(u));
    panel.webview.options = webviewOptions(extensionUri, roots);
    GalleryPanel.current?.dispose();
    GalleryPanel.current = new GalleryPanel(panel, extensionUri, engine, content);
    return GalleryPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly engine: EngineService,
    content: GalleryContent,
  ) {
    this.content = content;
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { view: 'gallery', title: content.title });
    this.queue = new LatestOnly((item) => this.render(item.index, item.seed));
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isGalleryToHost(m)) void this.receive(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private disposed = false;

  private post(m: GalleryToWebview | RestoreStateMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m); // a switch may finish after the panel closed
  }

  private retarget(content: GalleryContent): void {
    this.content = content;
    this.contentVersion++;
    this.panel.title = content.title;
    this.postLayers();
  }

  private postLayers(): void {
    const c = this.content;
    this.post({ type: 'layers', title: c.title, layers: c.layers, selected: c.selected, seed: c.seed ?? 0, content: this.contentVersion });
  }

  private async receive(m: GalleryToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.postLayers();
        this.postRestore();
        return;
      case 'show':
        this.queue.push({ index: m.index, seed: m.seed });
        this.content = { ...this.content, selected: m.index, seed: m.seed };
        this.postRestore();
        return;
      case 'saveImage': {
        const target = await vscode.window.showSaveDialog({
          title: 'Save reconstruction',
          defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), m.name.replace(/[^A-Za-z0-9._-]+/g, '_')),
          filters: { 'PNG image': ['png'] },
        });
        if (target) await vscode.workspace.fs.writeFile(target, Buffer.from(m.png, 'base64'));
      }
    }
  }

  /** What a window reload needs to bring this gallery back on the same layer and seed (the runs hold the data). */
  private postRestore(): void {
    const c = this.content;
    if (c.fixed) return; // a finished GD result lives only in this panel; nothing to reopen it from
    this.post({ type: 'restoreState', restore: { view: 'gallery', title: c.title, layers: c.layers, selected: c.selected, seed: c.seed ?? 0, ...(c.count !== undefined ? { count: c.count } : {}) } });
  }

  private async render(index: number, seed: number): Promise<void> {
    const layer = this.content.layers[index];
    if (!layer) return;
    if (this.content.fixed) {
      this.post({ type: 'result', result: this.content.fixed, roundTripMs: 0 });
      this.lastShown.fire(this.content.fixed.images.length);
      return;
    }
    this.post({ type: 'loading', layer: layer.layer });
    const started = performance.now();
    try {
      const count = this.content.count ?? vscode.workspace.getConfiguration('ganLens').get<number>('gallery.images', 8);
      const result = await this.engine.client.request(StitchLayerSwitchRequest, { run: layer.run, seed, count });
      this.post({ type: 'result', result, roundTripMs: performance.now() - started });
      if (!this.disposed) this.lastShown.fire(result.images.length);
    } catch (e) {
      this.post({ type: 'error', error: toWireError(e) });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (GalleryPanel.current === this) GalleryPanel.current = undefined;
    this.subs.forEach((s) => s.dispose());
    this.lastShown.dispose();
    this.panel.dispose();
  }
}
