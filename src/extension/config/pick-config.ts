/** Quick pick of the generator side: a workspace config (those for this extractor first) or a config file. */
import * as vscode from 'vscode';
import { readConfigSummary, workspaceConfigs, type ConfigSummary } from './workspace-configs';
import type { EngineService } from '../engine/service';
import { newConfigFor } from './new-config';

interface ConfigItem extends vscode.QuickPickItem {
  config?: ConfigSummary;
  browse?: boolean;
  create?: boolean;
}

/**
 * `engine` given with a model: the pick also offers a new config proposed from the models — from an extractor
 * (pairing `layer`, the extractor tensor the user picked, when given) or, with role 'generator', from a generator.
 */
export async function pickConfig(title: string, model?: vscode.Uri, engine?: EngineService, layer?: string, role: 'extractor' | 'generator' = 'extractor'): Promise<ConfigSummary | undefined> {
  const configs = await workspaceConfigs();
  const matches = (c: ConfigSummary): boolean => model !== undefined && (role === 'extractor' ? c.extractorModel : c.generatorModel) === model.fsPath;
  const ordered = [...configs.filter(matches), ...configs.filter((c) => !matches(c))];
  const items: ConfigItem[] = ordered.map((c) => ({
    label: c.generatorModel ? vscode.workspace.asRelativePath(c.generatorModel) : c.name,
    description: `${c.name} · ${vscode.workspace.asRelativePath(c.uri)}`,
    detail: matches(c) ? (role === 'extractor' ? 'Generator of the config for this model' : 'A config of this generator') : c.extractorModel ? `config for ${vscode.workspace.asRelativePath(c.extractorModel)}` : undefined,
    config: c,
  }));
  if (engine && model) {
    const label = role === 'extractor' ? '$(add) New config with a generator .onnx…' : '$(add) New config for this generator…';
    items.push({ label, detail: 'GAN Lens proposes one from the models; no config to write by hand', create: true, alwaysShow: true });
  }
  items.push({ label: '$(folder-opened) Choose a *.ganlens.json config…', browse: true, alwaysShow: true });
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Generator (from a GAN Lens config)', matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.create && engine && model) return newConfigFor(engine, role === 'extractor' ? { extractor: model } : { generator: model }, title, layer);
  if (!pick.browse) return pick.config;
  const files = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { 'GAN Lens config': ['json'] } });
  if (!files?.[0]) return undefined;
  const c = await readConfigSummary(files[0]);
  if (!c) void vscode.window.showErrorMessage(`GAN Lens: ${vscode.workspace.asRelativePath(files[0])} is not a readable JSON config.`);
  return c;
}
