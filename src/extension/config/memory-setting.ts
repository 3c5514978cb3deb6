import * as vscode from 'vscode';

export const MEMORY_SETTING = 'ganLens.memoryBudgetGB';

/** The engine's memory budget in GB; 0 (also for anything that is not a number ≥ 0) means automatic. */
export function readMemoryBudgetSetting(): number {
  const v = vscode.workspace.getConfiguration().get<number>(MEMORY_SETTING, 0);
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0;
}
