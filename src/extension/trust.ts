import * as vscode from 'vscode';

/** In Restricted Mode GAN Lens shows structure only. Returns false (after telling the user) when running is refused. */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const pick = await vscode.window.showWarningMessage(
    `GAN Lens runs nothing in Restricted Mode, so ${what} is not available. Model structure is still shown.`,
    'Manage Workspace Trust',
  );
  if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
