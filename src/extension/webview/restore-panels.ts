/**
 * Brings the gallery, stitch panel, comparison and atlas back after a window reload: one webview panel serializer per
 * view type, reading the restore state the panel's webview kept (protocol/views/restore.ts). A panel whose state is
 * missing or whose data is gone (a deleted run folder) closes with a message saying why.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { restoreFromState, type ViewRestore } from '../../protocol/views/restore';
import type { EngineService } from '../engine/service';
import { GALLERY_VIEW_TYPE, GalleryPanel } from '../gallery/gallery-panel';
import { COMPARE_VIEW_TYPE, ComparisonPanel } from '../compare/compare-panel';
import { STITCH_VIEW_TYPE, StitchPanel } from '../stitch/stitch-panel';
import { ATLAS_VIEW_TYPE, openAtlas } from '../atlas/atlas-panel';
import { readConfigSummary } from '../config/workspace-configs';
import { trainStitch } from '../stitch/train-stitch';

/** The folders a restored view reads; the first missing one, if any. */
function missingData(r: ViewRestore): string | undefined {
  const paths = r.view === 'gallery' ? r.layers.map((l) => l.run) : r.view === 'compare' ? [r.report] : r.view === 'stitch' ? [r.info.outDir] : [r.config];
  return paths.find((p) => !fs.existsSync(p));
}

async function restore(extensionUri: vscode.Uri, engine: EngineService, viewType: string, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  const r = restoreFromState(state);
  const wanted = { [GALLERY_VIEW_TYPE]: 'gallery', [COMPARE_VIEW_TYPE]: 'compare', [STITCH_VIEW_TYPE]: 'stitch', [ATLAS_VIEW_TYPE]: 'atlas' }[viewType];
  if (!r || r.view !== wanted) {
    panel.dispose(); // opened before this version kept restore state: nothing to rebuild it from
    return;
  }
  const missing = missingData(r);
  if (missing) {
    panel.dispose();
    void vscode.window.showWarningMessage(`GAN Lens: the ${r.view} view was not restored: ${vscode.workspace.asRelativePath(missing)} no longer exists.`);
    return;
  }
  switch (r.view) {
    case 'gallery':
      GalleryPanel.revive(panel, extensionUri, engine, { title: r.title, layers: r.layers, selected: r.selected, seed: r.seed, ...(r.count !== undefined ? { count: r.count } : {}) });
      return;
    case 'compare':
      ComparisonPanel.revive(panel, extensionUri, engine, vscode.Uri.file(r.report));
      return;
    case 'stitch': {
      const p = StitchPanel.revive(panel, extensionUri, r.info);
      const configUri = vscode.Uri.file(r.info.config);
      const base = `stitch-${r.info.layer}-`.replace(/[^A-Za-z0-9._-]+/g, '_');
      const dir = r.info.outDir.split(/[\\/]/).pop() ?? '';
      const to = dir.startsWith(base) && dir !== `${base}auto` ? dir.slice(base.length) : 'auto';
      const openGallery = (): void => void vscode.commands.executeCommand('ganLens.config.reconstruct', configUri);
      p.actions = {
        pause: () => undefined, // no job runs in a restored panel until Resume
        resume: () =>
          void trainStitch(extensionUri, engine, { config: configUri, configName: r.info.layer, layer: r.info.layer, to, resume: true, openGallery }, r.info.outDir).catch((e: unknown) =>
            vscode.window.showErrorMessage(`GAN Lens: ${e instanceof Error ? e.message : String(e)}`),
          ),
        openGallery,
      };
      return;
    }
    case 'atlas': {
      const config = await readConfigSummary(vscode.Uri.file(r.config));
      if (!config) {
        panel.dispose();
        void vscode.window.showWarningMessage(`GAN Lens: the atlas was not restored: ${vscode.workspace.asRelativePath(r.config)} is not valid JSON.`);
        return;
      }
      openAtlas(extensionUri, engine, config, r.layer, panel);
    }
  }
}

export function registerPanelRestore(extensionUri: vscode.Uri, engine: EngineService): vscode.Disposable {
  return vscode.Disposable.from(
    ...[GALLERY_VIEW_TYPE, COMPARE_VIEW_TYPE, STITCH_VIEW_TYPE, ATLAS_VIEW_TYPE].map((viewType) =>
      vscode.window.registerWebviewPanelSerializer(viewType, { deserializeWebviewPanel: (panel, state) => restore(extensionUri, engine, viewType, panel, state) }),
    ),
  );
}
