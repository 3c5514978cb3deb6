/**
 * The extension's one engine per workspace window: launches dist/engine.js with the extension host's own Node
 * (process.execPath, right under Remote-SSH too), logs to the Output channel, tells the user once when it stopped,
 * and re-applies trust and provider after each restart.
 */
import * as vscode from 'vscode';
import { EngineClient } from './client';
import { SetMemoryBudgetRequest, SetProviderRequest, SetTrustRequest, type ProviderChoice, type ProviderStatus } from '../../protocol/engine';
import { readProviderSetting } from '../config/provider-setting';
import { readMemoryBudgetSetting } from '../config/memory-setting';
import { allowedRoots } from '../config/allowed-roots';

export class EngineService implements vscode.Disposable {
  readonly client: EngineClient;
  private readonly providerChanged = new vscode.EventEmitter<ProviderStatus>();
  readonly onDidChangeProvider = this.providerChanged.event;
  private lastStatus: ProviderStatus | undefined;

  constructor(context: vscode.ExtensionContext, private readonly output: vscode.OutputChannel) {
    const engine = vscode.Uri.joinPath(context.extensionUri, 'dist', 'engine.js').fsPath;
    this.client = new EngineClient({
      launch: {
        command: process.execPath,
        args: [engine],
        cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? context.extensionUri.fsPath,
        // The extension host is Electron or Node; ELECTRON_RUN_AS_NODE makes an Electron binary behave as Node.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', GAN_LENS_VERSION: String(context.extension.packageJSON.version ?? '') },
      },
      onLog: (line) => output.appendLine(line),
      onCrash: (message) => {
        void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => {
          if (pick) output.show(true);
        });
      },
      initialize: async (c) => {
        await c.request(SetTrustRequest, { trusted: vscode.workspace.isTrusted, roots: allowedRoots() });
        await c.request(SetMemoryBudgetRequest, { gb: readMemoryBudgetSetting() });
        this.setStatus(await c.request(SetProviderRequest, { provider: readProviderSetting() }));
      },
      // Generous: the engine answers hello between onnxruntime calls even during training.
      heartbeat: { intervalMs: 30_000, timeoutMs: 60_000 },
    });
  }

  get providerStatus(): ProviderStatus | undefined {
    return this.lastStatus;
  }

  /** Applies a provider choice now when the engine runs; otherwise it is applied when the engine starts. */
  async applyProvider(choice: ProviderChoice): Promise<ProviderStatus | undefined> {
    if (!this.client.running) return undefined;
    const status = await this.client.request(SetProviderRequest, { provider: choice });
    this.setStatus(status);
    return status;
  }

  /** Sends ganLens.memoryBudgetGB to a running engine (a starting one reads it in initialize). */
  async applyMemoryBudget(): Promise<void> {
    if (this.client.running) await this.client.request(SetMemoryBudgetRequest, { gb: readMemoryBudgetSetting() });
  }

  async applyTrust(): Promise<void> {
    if (this.client.running) await this.client.request(SetTrustRequest, { trusted: vscode.workspace.isTrusted, roots: allowedRoots() });
  }

  private setStatus(s: ProviderStatus): void {
    this.lastStatus = s;
    if (s.reason) this.output.appendLine(`[host] execution provider ${s.active} (asked ${s.requested}): ${s.reason}`);
    this.providerChanged.fire(s);
  }

  dispose(): void {
    this.client.dispose();
    this.providerChanged.dispose();
  }
}
