/** Settings of the quick paths: the "train now" budget and the GD step count from the editor. */
import * as vscode from 'vscode';

export function quickTrainBudget(): { epochs: number; samplesPerEpoch: number; validationSize: number } {
  const c = vscode.workspace.getConfiguration('ganLens.stitch');
  return {
    epochs: Math.max(1, c.get<number>('quickEpochs', 2)),
    samplesPerEpoch: Math.max(1, c.get<number>('quickSamples', 512)),
    validationSize: Math.max(1, c.get<number>('quickValidationImages', 16)),
  };
}

export function gdSteps(): number {
  return Math.max(1, vscode.workspace.getConfiguration('ganLens.gd').get<number>('steps', 256));
}

export function galleryImages(): number {
  return Math.max(1, vscode.workspace.getConfiguration('ganLens.gallery').get<number>('images', 8));
}
