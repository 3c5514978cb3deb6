/** The config's CodeLens / editor-title commands: Train, Reconstruct, Evaluate, Paint. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { shellKind, shellLine } from './shell-line';
import type { EngineService } from '../engine/service';
import { requireTrust } from '../trust';
import { readConfigSummary, type ConfigSummary } from './workspace-configs';
import { openGalleryForConfig } from '../invert/open-gallery';
import { trainConfigLayer } from '../stitch/stitch-command';
import { openComparison } from '../compare/compare-panel';
import { isEvaluationOverrides, runEvaluationJob } from '../compare/run-evaluation';
import { ConfigCodeLensProvider } from './code-lens';
import { registerConfigDiagnostics } from './diagnostics';
import { errorMessage, isGanLensError } from '../../protocol/errors';

export interface PaintTarget {
  showConfig(config: vscode.Uri): Promise<void>;
}

async function configFrom(arg: unknown): Promise<ConfigSummary | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !uri.fsPath.endsWith('.ganlens.json')) {
    void vscode.window.showWarningMessage('GAN Lens: open a *.ganlens.json config first.');
    return undefined;
  }
  const c = await readConfigSummary(uri);
  if (!c) void vscode.window.showErrorMessage(`GAN Lens: ${vscode.workspace.asRelativePath(uri)} is not valid JSON.`);
  return c;
}

/** report.json files under the config's output folder (two levels deep), newest first. */
function findReports(output: string, depth = 2): string[] {
  if (!fs.existsSync(output)) return [];
  const here = path.join(output, 'report.json');
  const found = fs.existsSync(here) ? [here] : [];
  if (depth === 0) return found;
  for (const d of fs.readdirSync(output, { withFileTypes: true })) {
    if (d.isDirectory() && !d.name.startsWith('.')) found.push(...findReports(path.join(output, d.name), depth - 1));
  }
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

function guarded(f: (arg?: unknown, ...rest: unknown[]) => Promise<void>) {
  return async (arg?: unknown, ...rest: unknown[]): Promise<void> => {
    try {
      await f(arg, ...rest);
    } catch (e) {
      if (isGanLensError(e) && e.kind === 'cancelled') return;
      void vscode.window.showErrorMessage(`GAN Lens: ${errorMessage(e)}`);
    }
  };
}

export function registerConfigCommands(extensionUri: vscode.Uri, engine: EngineService, paint: PaintTarget): vscode.Disposable {
  const cli = vscode.Uri.joinPath(extensionUri, 'dist', 'cli.js').fsPath;
  return vscode.Disposable.from(
    registerConfigDiagnostics(engine),
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.ganlens.json' }, new ConfigCodeLensProvider()),
    vscode.commands.registerCommand('ganLens.config.train', guarded(async (arg, from, to) => {
      if (!(await requireTrust('training'))) return;
      const c = await configFrom(arg);
      if (!c) return;
      let pair = typeof from === 'string' ? { from, to: typeof to === 'string' ? to : 'auto' } : undefined;
      if (!pair) {
        const pick = await vscode.window.showQuickPick(
          c.pairs.map((p) => ({ label: p.from, description: `→ ${p.to}`, pair: p })),
          { title: `GAN Lens: Train — ${c.name}`, placeHolder: c.pairs.length ? 'Layer pair to stitch' : 'The config lists no pairs' },
        );
        pair = pick?.pair;
      }
      if (pair) await trainConfigLayer(extensionUri, engine, c, pair.from, pair.to);
    })),
    vscode.commands.registerCommand('ganLens.config.reconstruct', guarded(async (arg) => {
      if (!(await requireTrust('reconstruction'))) return;
      const c = await configFrom(arg);
      if (c) await openGalleryForConfig(extensionUri, engine, c);
    })),
    vscode.commands.registerCommand('ganLens.config.evaluate', guarded(async (arg, overrides) => {
      const c = await configFrom(arg);
      if (!c) return;
      // Scripted runs (tests, keybindings) pass the settings and skip the pick: the engine job starts at once.
      if (isEvaluationOverrides(overrides)) {
        if (await requireTrust('evaluation')) await runEvaluationJob(extensionUri, engine, c, overrides);
        return;
      }
      const reports = findReports(c.output);
      const RUN = 'Run the evaluation';
      const TERMINAL = 'Run the evaluation in a terminal';
      const pick = await vscode.window.showQuickPick(
        [
          { label: `$(play) ${RUN}`, description: 'as an engine job: progress, Cancel, the Comparison view fills in layer by layer', file: '', terminal: false },
          ...reports.map((r) => ({ label: `$(graph) ${vscode.workspace.asRelativePath(r)}`, description: new Date(fs.statSync(r).mtimeMs).toLocaleString(), file: r, terminal: false })),
          { label: `$(terminal) ${TERMINAL}`, description: 'gan-lens evaluate (trains missing stitches, GD with and without regularisation)', file: '', terminal: true },
        ],
        { title: `GAN Lens: Evaluate — ${c.name}`, placeHolder: reports.length ? 'Open a report or run a new evaluation' : 'No report yet' },
      );
      if (!pick) return;
      if (pick.file) {
        openComparison(extensionUri, engine, vscode.Uri.file(pick.file));
        return;
      }
      if (!(await requireTrust('evaluation'))) return;
      if (!pick.terminal) {
        await runEvaluationJob(extensionUri, engine, c);
        return;
      }
      const out = path.join(c.output, 'evaluation');
      const term = vscode.window.createTerminal({ name: `GAN Lens: evaluate ${c.name}`, env: { ELECTRON_RUN_AS_NODE: '1' } });
      term.sendText(shellLine([process.execPath, cli, 'evaluate', '--config', c.uri.fsPath, '--out', out], shellKind(vscode.env.shell)));
      term.show();
      void vscode.window.showInformationMessage(`GAN Lens: the evaluation writes ${vscode.workspace.asRelativePath(out)}/report.json; "Evaluate" opens it when it is done.`);
    })),
    vscode.commands.registerCommand('ganLens.config.paint', guarded(async (arg) => {
      if (!(await requireTrust('painting'))) return;
      const c = await configFrom(arg);
      if (c) await paint.showConfig(c.uri);
    })),
  );
}
