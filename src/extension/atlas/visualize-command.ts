/** "Visualize Activations…" (after the layer pick on a generator): the config whose generator it is, then the atlas. */
import * as vscode from 'vscode';
import type { LayerInfo } from '../../protocol/model';
import type { EngineService } from '../engine/service';
import { pickConfig } from '../config/pick-config';
import { openAtlas } from './atlas-panel';

export async function visualizeLayer(extensionUri: vscode.Uri, engine: EngineService, model: vscode.Uri, layer: LayerInfo): Promise<void> {
  const config = await pickConfig(`GAN Lens: Visualize Activations — ${layer.name}: config of this generator`, model, engine, undefined, 'generator');
  if (!config) return;
  if (config.generatorModel !== model.fsPath) {
    void vscode.window.showWarningMessage(`GAN Lens: ${vscode.workspace.asRelativePath(config.uri)} uses ${config.generatorModel ? vscode.workspace.asRelativePath(config.generatorModel) : 'no generator'}, not ${vscode.workspace.asRelativePath(model)}; the atlas shows vectors of a generator layer.`);
    return;
  }
  openAtlas(extensionUri, engine, config, layer.tensor);
}
