/** "Stitch With Generator…" (after the layer pick): a generator config, then train with the config's budget in the Stitch panel. */
import * as vscode from 'vscode';
import type { LayerInfo } from '../../protocol/model';
import type { EngineService } from '../engine/service';
import { pickConfig } from '../config/pick-config';
import { configLayerName, runFolderFor, type ConfigSummary } from '../config/workspace-configs';
import { openGalleryForConfig } from '../invert/open-gallery';
import { trainStitch } from './train-stitch';
import { chooseRunAction } from './run-choice';

export async function stitchLayer(extensionUri: vscode.Uri, engine: EngineService, model: vscode.Uri, layer: LayerInfo): Promise<void> {
  const config = await pickConfig(`GAN Lens: Stitch With Generator — ${layer.name}: generator`, model);
  if (!config) return;
  await trainConfigLayer(extensionUri, engine, config, configLayerName(config, layer));
}

export async function trainConfigLayer(extensionUri: vscode.Uri, engine: EngineService, config: ConfigSummary, from: string, to = 'auto'): Promise<void> {
  const outDir = runFolderFor(config, from, to);
  const choice = await chooseRunAction(outDir, from);
  if (!choice) return;
  const result = await trainStitch(extensionUri, engine, {
    config: config.uri,
    configName: config.name,
    layer: from,
    to,
    ...choice,
    openGallery: (dir) => void openGalleryForConfig(extensionUri, engine, config, dir),
  }, outDir);
  if (result) {
    const pick = await vscode.window.showInformationMessage(
      `GAN Lens: ${from} → ${result.pair.to} stitched; validation cosine ${result.best.cosine.toFixed(3)} (initial ${result.initial.cosine.toFixed(3)}).`,
      'Open Gallery',
    );
    if (pick) await openGalleryForConfig(extensionUri, engine, config, result.outDir);
  }
}
