/**
 * A first config from the editor, without writing one by hand: from an extractor, pick a generator among the
 * workspace's .onnx files the engine recognises as generators (or browse) — from a generator, the same for the
 * extractor —, pick the training images and the normalisation, see what the engine proposes (config/propose, as
 * `gan-lens init`) and write `<extractor>-<generator>.ganlens.json` beside the extractor.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigGeneratorsRequest, ConfigProposeRequest } from '../../protocol/config';
import type { EngineService } from '../engine/service';
import { readConfigSummary, type ConfigSummary } from './workspace-configs';

interface ModelItem extends vscode.QuickPickItem {
  file?: string;
}

type Role = 'extractor' | 'generator';

/** The other model of the pair: one the engine recognises in the workspace, or browsed for. */
async function pickModel(engine: EngineService, near: vscode.Uri, role: Role, title: string): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(near)?.uri.fsPath ?? path.dirname(near.fsPath);
  const found = (await engine.client.request(ConfigGeneratorsRequest, { folder, role })).filter((g) => g.file !== near.fsPath);
  const items: ModelItem[] = found.map((g) => ({ label: vscode.workspace.asRelativePath(g.file), description: g.summary, file: g.file }));
  items.push({ label: `$(folder-opened) Browse for ${role === 'generator' ? 'a generator' : 'an extractor'} .onnx…`, alwaysShow: true });
  const what = role === 'generator' ? 'Generators' : 'Networks with an image input';
  const pick = await vscode.window.showQuickPick(items, { title: `${title}: ${role}`, placeHolder: found.length ? `${what} found in the workspace` : `No ${role} found in the workspace: browse for one` });
  if (!pick) return undefined;
  if (pick.file) return pick.file;
  const files = await vscode.window.showOpenDialog({ title: `${title}: ${role}`, canSelectMany: false, filters: { 'ONNX model': ['onnx'] } });
  return files?.[0]?.fsPath;
}

function configFileFor(extractor: vscode.Uri, generator: string): vscode.Uri {
  const base = `${path.basename(extractor.fsPath, '.onnx')}-${path.basename(generator, '.onnx')}`.replace(/[^A-Za-z0-9._-]+/g, '-');
  return vscode.Uri.file(path.join(path.dirname(extractor.fsPath), `${base}.ganlens.json`));
}

type Triple = [number, number, number];
interface NormalisationItem extends vscode.QuickPickItem {
  mean?: Triple;
  std?: Triple;
}

const NORMALISATIONS: NormalisationItem[] = [
  { label: 'ImageNet', description: 'mean 0.485, 0.456, 0.406 · std 0.229, 0.224, 0.225', detail: 'torchvision classifiers and most segmenters built on them', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  { label: '[-1, 1]', description: 'mean 0.5, 0.5, 0.5 · std 0.5, 0.5, 0.5', detail: 'networks trained on images scaled to [-1, 1]', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  { label: '[0, 1]', description: 'mean 0, 0, 0 · std 1, 1, 1', detail: 'networks that take the image as it is', mean: [0, 0, 0], std: [1, 1, 1] },
  { label: 'Other…', description: 'type the mean and std' },
];

function parseTriple(text: string): Triple | undefined {
  const xs = text.split(/[\s,]+/).filter(Boolean).map(Number);
  return xs.length === 3 && xs.every((x) => Number.isFinite(x)) ? (xs as Triple) : undefined;
}

/** The extractor's input normalisation, asked once per new config; ImageNet's first. */
async function pickNormalisation(title: string): Promise<{ mean: Triple; std: Triple } | undefined> {
  const pick = await vscode.window.showQuickPick(NORMALISATIONS, { title: `${title}: the extractor's input normalisation`, placeHolder: 'How the extractor expects its images (ImageNet for torchvision models)' });
  if (!pick) return undefined;
  if (pick.mean && pick.std) return { mean: pick.mean, std: pick.std };
  const ask = (what: string, value: string): Thenable<string | undefined> =>
    vscode.window.showInputBox({ title: `${title}: ${what} per channel (R, G, B)`, value, validateInput: (t) => (parseTriple(t) ? undefined : 'Three numbers, e.g. 0.485, 0.456, 0.406') });
  const mean = await ask('mean', '0.485, 0.456, 0.406');
  const std = mean === undefined ? undefined : await ask('std', '0.229, 0.224, 0.225');
  return mean !== undefined && std !== undefined ? { mean: parseTriple(mean)!, std: parseTriple(std)! } : undefined;
}

/**
 * `known`: the model the user started from. `layer`: the extractor layer the user picked (its tensor), so the
 * proposal pairs it; without it the engine picks the most down-sampled layer with a generator layer at its distance.
 */
export async function newConfigFor(engine: EngineService, known: { extractor: vscode.Uri } | { generator: vscode.Uri }, title: string, layer?: string): Promise<ConfigSummary | undefined> {
  const other = 'extractor' in known ? await pickModel(engine, known.extractor, 'generator', title) : await pickModel(engine, known.generator, 'extractor', title);
  if (!other) return undefined;
  const extractor = 'extractor' in known ? known.extractor : vscode.Uri.file(other);
  const generator = 'generator' in known ? known.generator.fsPath : other;
  const images = await vscode.window.showOpenDialog({ title: `${title}: a folder of training images`, canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use these images' });
  if (!images?.[0]) return undefined;
  const normalisation = await pickNormalisation(title);
  if (!normalisation) return undefined;
  const file = configFileFor(extractor, generator);
  const request = { file: file.fsPath, extractor: extractor.fsPath, generator, images: images[0].fsPath, ...normalisation, ...(layer ? { layer } : {}) };
  const proposal = await engine.client.request(ConfigProposeRequest, request);
  const write = 'Write Config';
  const edit = 'Write and Edit First';
  const answer = await vscode.window.showInformationMessage(
    `GAN Lens proposes ${vscode.workspace.asRelativePath(file)}`,
    { modal: true, detail: proposal.notes.map((n) => `• ${n}`).join('\n') },
    write,
    edit,
  );
  if (answer !== write && answer !== edit) return undefined;
  await engine.client.request(ConfigProposeRequest, { ...request, write: true });
  if (answer === edit) {
    // The summary is editable as the config itself: open it; the next "Invert This Layer…" offers it first.
    await vscode.window.showTextDocument(file);
    void vscode.window.showInformationMessage(`GAN Lens: edit ${vscode.workspace.asRelativePath(file)}, then run the command again; it is offered first for this model.`);
    return undefined;
  }
  return readConfigSummary(file);
}
