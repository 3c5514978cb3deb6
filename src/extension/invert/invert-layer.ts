/**
 * "Invert This Layer…": layer (quick pick) → generator config → method → stitch (reuse a run or train one now) or
 * GD; progress in a notification with Cancel; the result opens in the Reconstruction gallery.
 */
import * as vscode from 'vscode';
import { GdInvertRequest } from '../../protocol/gd';
import { StitchRunsRequest } from '../../protocol/stitch';
import { trainStitch } from '../stitch/train-stitch';
import { chooseRunAction } from '../stitch/run-choice';
import type { LayerInfo } from '../../protocol/model';
import type { EngineService } from '../engine/service';
import { runWithProgress } from '../jobs/run-with-progress';
import { GalleryPanel } from '../gallery/gallery-panel';
import { pickConfig } from '../config/pick-config';
import { pickMethod } from './pick-method';
import { configLayerName, runFolderFor, type ConfigSummary } from '../config/workspace-configs';
import { openGalleryForConfig } from './open-gallery';
import { gdSteps, galleryImages, quickTrainBudget } from './settings';

const TITLE = 'GAN Lens: Invert This Layer';

export async function invertLayer(extensionUri: vscode.Uri, engine: EngineService, model: vscode.Uri, layer: LayerInfo): Promise<GalleryPanel | undefined> {
  const config = await pickConfig(`${TITLE} — ${layer.name}: generator`, model, engine, layer.tensor);
  if (!config) return undefined;
  const from = configLayerName(config, layer);
  const runs = (await engine.client.request(StitchRunsRequest, { config: config.uri.fsPath })).filter((r) => r.pair.from === from || r.pair.fromTensor === layer.tensor);
  const method = await pickMethod(`${TITLE} — ${from}: method`, from, runs);
  if (!method) return undefined;
  if (method.kind === 'gd') return invertWithGd(extensionUri, engine, config, from, method.regularisation);
  let runDir: string;
  if (method.kind === 'reuse') {
    runDir = method.run.dir;
  } else {
    const budget = quickTrainBudget();
    // the config's own pair for this layer when it has one, else the generator layer at the same sampling distance
    const to = config.pairs.find((p) => p.from === from)?.to ?? 'auto';
    runDir = runFolderFor(config, from, to);
    const choice = await chooseRunAction(runDir, from);
    if (!choice) return undefined;
    const trained = await trainStitch(extensionUri, engine, {
      config: config.uri,
      configName: config.name,
      layer: from,
      to,
      epochs: budget.epochs,
      samplesPerEpoch: budget.samplesPerEpoch,
      validationSize: budget.validationSize,
      ...choice,
      openGallery: (dir) => void openGalleryForConfig(extensionUri, engine, config, dir),
    }, runDir);
    if (!trained) return undefined; // paused: the Stitch panel offers Resume
    void vscode.window.setStatusBarMessage(`GAN Lens: ${from} stitched, validation cosine ${trained.best.cosine.toFixed(3)}`, 5000);
  }
  return openGalleryForConfig(extensionUri, engine, config, runDir);
}

async function invertWithGd(extensionUri: vscode.Uri, engine: EngineService, config: ConfigSummary, layer: string, regularisation: 'none' | 'fourier-jitter'): Promise<GalleryPanel> {
  const steps = gdSteps();
  const result = await runWithProgress(
    engine.client,
    GdInvertRequest,
    { config: config.uri.fsPath, layer, regularisation, steps, count: Math.min(4, galleryImages()) },
    { title: `GD inversion of ${layer} (${regularisation === 'none' ? 'no regularisation' : 'Fourier + jitter'}, ${steps} steps)` },
  );
  return GalleryPanel.show(extensionUri, engine, {
    title: `GD inversion: ${config.name} ${layer}`,
    layers: [{ layer: `${layer} (${result.generatorLayer})`, run: '' }],
    selected: 0,
    fixed: result,
  });
}
