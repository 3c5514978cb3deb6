/** Folders a config's paths may use when the editor runs it: the workspace folders and ganLens.allowedPaths. */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const ALLOWED_PATHS_SETTING = 'ganLens.allowedPaths';

export function allowedRoots(): string[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const extra = vscode.workspace.getConfiguration().get<unknown>(ALLOWED_PATHS_SETTING, []);
  const listed = Array.isArray(extra) ? extra.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p)) : [];
  return [...folders, ...listed];
}
