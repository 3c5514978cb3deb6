/**
 * Model commands from the explorer context menu, the palette and the model editor: Open Model, and Invert / Stitch /
 * Visualize, which pick the model and layer and hand over to their feature's flow.
 */
import * as vscode from 'vscode';
import { pickConfig } from '../config/pick-config';
import type { EngineService } from '../engine/service';
import { analyzeModel } from './analyze';
import { pickLayer } from './pick-layer';
import { resolveModelUri } from './pick-model';
import { requireTrust } from '../trust';
import { MODEL_VIEW_TYPE } from '../editor/model-editor';
import { errorMessage, isGanLensError } from '../../protocol/errors';
import { invertLayer } from '../invert/invert-layer';
import { stitchLayer } from '../stitch/stitch-command';
import { visualizeLayer } from '../atlas/visualize-command';

type Feature = 'invert' | 'stitch' | 'visualize';

const FEATURES: Record<Feature, { title: string }> = {
  invert: { title: 'GAN Lens: Invert This Layer' },
  stitch: { title: 'GAN Lens: Stitch With Generator' },
  visualize: { title: 'GAN Lens: Visualize Activations' },
};

export async function openModel(arg: unknown): Promise<void> {
  const uri = await resolveModelUri(arg, 'GAN Lens: Open Model');
  if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, MODEL_VIEW_TYPE);
}

/** `tensor` is given when the command comes from a row of the model editor. */
async function layerFeature(engine: EngineService, extensionUri: vscode.Uri, feature: Feature, arg: unknown, tensor?: string): Promise<void> {
  const f = FEATURES[feature];
  if (!(await requireTrust(f.title.replace('GAN Lens: ', '').toLowerCase()))) return;
  const uri = await resolveModelUri(arg, f.title);
  if (!uri) return;
  let analysis;
  try {
    analysis = await analyzeModel(engine, uri);
  } catch (e) {
    void vscode.window.showErrorMessage(`GAN Lens: ${errorMessage(e)}`);
    return;
  }
  const file = vscode.workspace.asRelativePath(uri);
  const layer = await pickLayer(analysis, file, `${f.title} — ${file}`, tensor);
  if (!layer) return;
  try {
    if (feature === 'invert') await invertLayer(extensionUri, engine, uri, layer);
    else if (feature === 'stitch') await stitchLayer(extensionUri, engine, uri, layer);
    else await visualizeLayer(extensionUri, engine, uri, layer);
  } catch (e) {
    if (isGanLensError(e) && e.kind === 'cancelled') return;
    void vscode.window.showErrorMessage(`GAN Lens: ${errorMessage(e)}`, 'Show Log').then((p) => p && vscode.commands.executeCommand('ganLens.showEngineLog'));
  }
}

/** "Paint With This Generator…": a config of this generator (or a new one proposed from the models), then the Paint panel. */
async function paintWithGenerator(engine: EngineService, arg: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !uri.fsPath.endsWith('.onnx')) {
    void vscode.window.showErrorMessage('GAN Lens: Paint With This Generator… needs a generator .onnx: right-click one in the explorer.');
    return;
  }
  const file = vscode.workspace.asRelativePath(uri);
  try {
    const config = await pickConfig(`GAN Lens: Paint — ${file}: config of this generator`, uri, engine, undefined, 'generator');
    if (!config) return;
    if (config.generatorModel !== uri.fsPath) {
      void vscode.window.showWarningMessage(`GAN Lens: ${vscode.workspace.asRelativePath(config.uri)} uses ${config.generatorModel ? vscode.workspace.asRelativePath(config.generatorModel) : 'no generator'}, not ${file}.`);
      return;
    }
    await vscode.commands.executeCommand('ganLens.config.paint', config.uri);
  } catch (e) {
    if (isGanLensError(e) && e.kind === 'cancelled') return;
    void vscode.window.showErrorMessage(`GAN Lens: ${errorMessage(e)}`);
  }
}

/** The explorer passes the multi-selection as the second argument; only a string is a tensor name. */
function asTensor(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function registerModelCommands(engine: EngineService, extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('ganLens.openModel', openModel),
    vscode.commands.registerCommand('ganLens.invertLayer', (arg: unknown, tensor?: unknown) => layerFeature(engine, extensionUri, 'invert', arg, asTensor(tensor))),
    vscode.commands.registerCommand('ganLens.stitchWithGenerator', (arg: unknown, tensor?: unknown) => layerFeature(engine, extensionUri, 'stitch', arg, asTensor(tensor))),
    vscode.commands.registerCommand('ganLens.visualizeActivations', (arg: unknown, tensor?: unknown) => layerFeature(engine, extensionUri, 'visualize', arg, asTensor(tensor))),
    vscode.commands.registerCommand('ganLens.paintWithGenerator', (arg: unknown) => paintWithGenerator(engine, arg)),
  );
}
