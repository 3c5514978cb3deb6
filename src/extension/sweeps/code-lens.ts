/** "Run as sweep…" and "Run on Slurm…" beside the config's Evaluate lens. */
import * as vscode from 'vscode';

export class SweepCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '$(server-process) Run as sweep…', command: 'ganLens.sweep.runLocal', arguments: [doc.uri], tooltip: 'Evaluate, compat or stitch as independent items in a local pool of processes' }),
      new vscode.CodeLens(top, { title: '$(server-environment) Run on Slurm…', command: 'ganLens.sweep.runSlurm', arguments: [doc.uri], tooltip: 'Evaluate, compat or stitch as a Slurm job array (the engine runs where sbatch is)' }),
    ];
  }
}
