/**
 * A first config from the editor, without writing one by hand: pick a generator among the workspace's .onnx files
 * the engine recognises as generators (or browse), pick the training images, see what the engine proposes
 * (config/propose, as `gan-lens init`) and write `<extractor>-<generator>.ganlens.json` beside the extractor.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigGeneratorsRequest, ConfigProposeRequest } from '../../protocol/config';
import type { EngineService } from '../engine/service';
import { readConfigSummary, type ConfigSummary } from './workspace-configs';

interface GeneratorItem extends vscode.QuickPickItem {
  file?: string;
}

function configFileFor(extractor: vscode.Uri, generator: string): vscode.Uri {
  const base = `${path.basename(extractor.fsPath, '.onnx')}-${path.basename(generator, '.onnx')}`.replace(/[^A-Za-z0-9._-]+/g, '-');
  return vscode.Uri.file(path.join(path.dirname(extractor.fsPath), `${base}.ganlens.json`));
}

export async function newConfigFor(engine: EngineService, extractor: vscode.Uri, title: string): Promise<ConfigSummary | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(extractor)?.uri.fsPath ?? path.dirname(extractor.fsPath);
  const found = await engine.client.request(ConfigGeneratorsRequest, { folder });
  const items: GeneratorItem[] = found.map((g) => ({ label: vscode.workspace.asRelativePath(g.file), description: g.summary, file: g.file }));
  items.push({ label: '$(folder-opened) Browse for a generator .onnx…', alwaysShow: true });
  const pick = await vscode.window.showQuickPick(items, { title: `${title}: generator`, placeHolder: found.length ? 'Generators found in the workspace' : 'No generator found in the workspace: browse for one' });
  if (!pick) return undefined;
  let generator = pick.file;
  if (!generator) {
    const files = await vscode.window.showOpenDialog({ title: `${title}: generator`, canSelectMany: false, filters: { 'ONNX model': ['onnx'] } });
    generator = files?.[0]?.fsPath;
    if (!generator) return undefined;
  }
  const images = await vscode.window.showOpenDialog({ title: `${title}: a folder of training images`, canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use these images' });
  if (!images?.[0]) return undefined;
  const file = configFileFor(extractor, generator);
  const request = { file: file.fsPath, extractor: extractor.fsPath, generator, images: images[0].fsPath };
  const proposal = await engine.client.request(ConfigProposeRequest, request);
  const write = 'Write Config';
  const answer = await vscode.window.showInformationMessage(
    `GAN Lens proposes ${vscode.workspace.asRelativePath(file)}`,
    { modal: true, detail: proposal.notes.map((n) => `• ${n}`).join('\n') },
    write,
  );
  if (answer !== write) return undefined;
  await engine.client.request(ConfigProposeRequest, { ...request, write: true });
  return readConfigSummary(file);
}
