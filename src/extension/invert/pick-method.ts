/** Quick pick of the inversion method: reuse a trained stitch run, train one now, or GD with/without regularisation. */
import * as vscode from 'vscode';
import type { StitchRunSummary } from '../../protocol/stitch';
import { quickTrainBudget } from './settings';

export type InvertMethod =
  | { kind: 'reuse'; run: StitchRunSummary }
  | { kind: 'train' }
  | { kind: 'gd'; regularisation: 'none' | 'fourier-jitter' };

interface MethodItem extends vscode.QuickPickItem {
  method: InvertMethod;
}

export async function pickMethod(title: string, layer: string, runs: StitchRunSummary[]): Promise<InvertMethod | undefined> {
  const budget = quickTrainBudget();
  const items: MethodItem[] = [
    ...runs.map((run) => ({
      label: `$(history) Stitch: reuse ${vscode.workspace.asRelativePath(run.dir)}`,
      description: `${run.pair.from} → ${run.pair.to}`,
      detail: `${run.epochs} epoch${run.epochs === 1 ? '' : 's'}${run.cosine !== undefined ? `, validation cosine ${run.cosine.toFixed(3)}` : ''}`,
      method: { kind: 'reuse', run } as InvertMethod,
    })),
    {
      label: '$(play) Stitch: train now',
      description: `${budget.epochs} epoch${budget.epochs === 1 ? '' : 's'} × ${budget.samplesPerEpoch} samples`,
      detail: 'Trains the 1×1 stitching convolution (settings ganLens.stitch.quickEpochs / quickSamples); watch it in the Stitch panel',
      method: { kind: 'train' },
    },
    { label: '$(debug-step-over) Gradient descent with regularisation', description: 'Fourier parametrisation + jitter', detail: 'Slow: optimises every image', method: { kind: 'gd', regularisation: 'fourier-jitter' } },
    { label: '$(debug-step-over) Gradient descent without regularisation', description: 'pixels', detail: 'Slow: optimises every image', method: { kind: 'gd', regularisation: 'none' } },
  ];
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: `Method for ${layer}` });
  return pick?.method;
}
