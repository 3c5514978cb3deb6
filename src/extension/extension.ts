/**
 * GAN Lens extension host entry. Everything heavy runs in the engine process (dist/engine.js); this side owns the
 * UI: commands, the model editor, the status bar and the Output channel.
 */
import * as vscode from 'vscode';
import { EngineService } from './engine/service';
import { ModelEditorProvider } from './editor/model-editor';
import { registerModelCommands } from './models/commands';
import { createProviderStatusBar } from './provider/status-bar';
import { applyProviderSetting, selectExecutionProvider } from './provider/select-command';
import { PROVIDER_SETTING } from './config/provider-setting';
import { MEMORY_SETTING } from './config/memory-setting';
import { checkEngine } from './commands/check-engine';
import { registerInvertCommands } from './invert/commands';
import { registerConfigCommands } from './config/commands';
import { PaintViewProvider } from './paint/paint-view-provider';
import { registerSweepCommands } from './sweeps/commands';
import { registerPanelRestore } from './webview/restore-panels';
import { errorMessage } from '../protocol/errors';
import { ALLOWED_PATHS_SETTING } from './config/allowed-roots';

export interface GanLensApi {
  engine: EngineService;
  paint: PaintViewProvider;
}

export function activate(context: vscode.ExtensionContext): GanLensApi {
  const output = vscode.window.createOutputChannel('GAN Lens');
  const engine = new EngineService(context, output);
  const guard = (f: () => Promise<void>) => async (): Promise<void> => {
    try {
      await f();
    } catch (e) {
      void vscode.window.showErrorMessage(`GAN Lens: ${errorMessage(e)}`);
    }
  };
  const paint = PaintViewProvider.register(context.extensionUri, engine);
  context.subscriptions.push(
    output,
    paint.disposable,
    registerConfigCommands(context.extensionUri, engine, paint.provider),
    engine,
    createProviderStatusBar(engine),
    ModelEditorProvider.register(context.extensionUri, engine),
    registerModelCommands(engine, context.extensionUri),
    registerInvertCommands(context.extensionUri, engine),
    registerSweepCommands(context.extensionUri, engine),
    registerPanelRestore(context.extensionUri, engine),
    vscode.commands.registerCommand('ganLens.selectExecutionProvider', guard(() => selectExecutionProvider(engine))),
    vscode.commands.registerCommand('ganLens.showEngineLog', () => output.show()),
    vscode.commands.registerCommand('ganLens.restartEngine', guard(async () => {
      await engine.client.restart();
      const hello = await engine.client.hello();
      void vscode.window.showInformationMessage(`GAN Lens engine restarted (pid ${hello.pid}).`);
    })),
    vscode.commands.registerCommand('ganLens.checkEngine', (steps?: unknown) =>
      checkEngine(engine, output, typeof steps === 'number' ? steps : undefined),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(PROVIDER_SETTING)) void guard(() => applyProviderSetting(engine))();
      if (e.affectsConfiguration(MEMORY_SETTING)) void guard(() => engine.applyMemoryBudget())();
      if (e.affectsConfiguration(ALLOWED_PATHS_SETTING)) void guard(() => engine.applyTrust())();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void guard(() => engine.applyTrust())()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void guard(() => engine.applyTrust())()),
  );
  output.appendLine(`[host] GAN Lens ${String(context.extension.packageJSON.version)} activated (trusted: ${vscode.workspace.isTrusted})`);
  return { engine, paint: paint.provider };
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop the engine.
}
