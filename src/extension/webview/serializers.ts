/** Views that come back after a window reload: each panel's serializer revives it from its webview's saved state. */
import * as vscode from 'vscode';
import type { EngineService } from '../engine/service';
import { GALLERY_VIEW_TYPE, GalleryPanel } from '../gallery/gallery-panel';
import { COMPARE_VIEW_TYPE, reviveComparison } from '../compare/compare-panel';

export function registerPanelSerializers(extensionUri: vscode.Uri, engine: EngineService): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.registerWebviewPanelSerializer(GALLERY_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => GalleryPanel.revive(panel, extensionUri, engine, state),
    }),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => reviveComparison(panel, extensionUri, engine, state),
    }),
  );
}
