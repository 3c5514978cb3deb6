import * as vscode from 'vscode';

/** The model a command acts on: the explorer selection, the active model editor, or one the user picks. */
export async function resolveModelUri(arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom && tab.viewType === 'ganLens.modelViewer') return tab.uri;
  const found = await vscode.workspace.findFiles('**/*.onnx', '**/node_modules/**', 200);
  if (found.length > 0) {
    const pick = await vscode.window.showQuickPick(
      found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
      { title, placeHolder: 'ONNX model' },
    );
    return pick?.uri;
  }
  const picked = await vscode.window.showOpenDialog({ title, filters: { 'ONNX models': ['onnx'] }, canSelectMany: false });
  return picked?.[0];
}
