import * as vscode from 'vscode';
import { isProviderChoice, type ProviderChoice } from '../../protocol/providers';

export const PROVIDER_SETTING = 'ganLens.executionProvider';

export function readProviderSetting(): ProviderChoice {
  const v = vscode.workspace.getConfiguration().get<string>(PROVIDER_SETTING, 'auto');
  return isProviderChoice(v) ? v : 'auto';
}
