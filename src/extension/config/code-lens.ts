/** CodeLens on *.ganlens.json: Train, Reconstruct, Evaluate, Paint (top of the file) and Train per layer pair. */
import * as vscode from 'vscode';
import { parseTree, findNodeAtLocation } from 'jsonc-parser/lib/esm/main.js';

export class ConfigCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: '$(play) Train', command: 'ganLens.config.train', arguments: [doc.uri], tooltip: 'Train a stitch for one of the layer pairs' }),
      new vscode.CodeLens(top, { title: '$(files) Reconstruct', command: 'ganLens.config.reconstruct', arguments: [doc.uri], tooltip: 'Open the Reconstruction gallery on the trained runs' }),
      new vscode.CodeLens(top, { title: '$(graph) Evaluate', command: 'ganLens.config.evaluate', arguments: [doc.uri], tooltip: 'Compare GAN and GD inversions (evaluation report)' }),
      new vscode.CodeLens(top, { title: '$(paintcan) Paint', command: 'ganLens.config.paint', arguments: [doc.uri], tooltip: 'Paint with activation vectors in the side panel' }),
    ];
    const root = parseTree(doc.getText());
    const pairs = root ? findNodeAtLocation(root, ['pairs']) : undefined;
    for (const pair of pairs?.children ?? []) {
      const from = findNodeAtLocation(pair, ['from']);
      if (typeof from?.value !== 'string') continue;
      const to = findNodeAtLocation(pair, ['to']);
      const at = doc.positionAt(pair.offset);
      lenses.push(
        new vscode.CodeLens(new vscode.Range(at, at), {
          title: `$(play) Train ${from.value}`,
          command: 'ganLens.config.train',
          arguments: [doc.uri, from.value, typeof to?.value === 'string' ? to.value : 'auto'],
        }),
      );
    }
    return lenses;
  }
}
