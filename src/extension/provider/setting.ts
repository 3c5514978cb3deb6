import * as vscode from 'vscode';
import type { ProviderChoice } from '../../engine/protocol/engine';

export const PROVIDER_SETTING = 'ganLens.executionProvider';
export const PROVIDER_CHOICES: readonly ProviderChoice[] = ['auto', 'cpu', 'cuda', 'webgpu'];

export function readProviderSetting(): ProviderChoice {
  const v = vscode.workspace.getConfiguration().get<string>(PROVIDER_SETTING, 'auto');
  return (PROVIDER_CHOICES as readonly string[]).includes(v) ? (v as ProviderChoice) : 'auto';
}
