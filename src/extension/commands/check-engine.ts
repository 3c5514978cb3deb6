/** `ganLens.checkEngine`: hello + a short self-test job shown as a cancellable notification with progress. */
import * as vscode from 'vscode';
import { SelfTestRequest } from '../../engine/protocol/engine';
import type { EngineService } from '../engine/service';
import { isGanLensError, errorMessage } from '../../engine/util/errors';
import { formatEta } from './format-eta';

export async function checkEngine(engine: EngineService, output: vscode.OutputChannel): Promise<void> {
  try {
    const hello = await engine.client.hello();
    output.appendLine(`[host] engine ${hello.engineVersion} pid ${hello.pid} on ${hello.node} ${hello.platform}, provider ${hello.provider.active}`);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'GAN Lens engine self-test', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let last = 0;
        await engine.client.runJob(SelfTestRequest, { steps: 20, stepMs: 100 }, {
          signal: controller.signal,
          onProgress: (p) => {
            const pct = (100 * p.step) / p.total;
            progress.report({ increment: pct - last, message: `${p.message}${formatEta(p.etaSeconds)}` });
            last = pct;
          },
        });
      },
    );
    void vscode.window.showInformationMessage(`GAN Lens engine ${hello.engineVersion} is working (pid ${hello.pid}, ${hello.provider.active}).`);
  } catch (e) {
    if (isGanLensError(e) && e.kind === 'cancelled') {
      void vscode.window.showInformationMessage('GAN Lens engine self-test cancelled.');
      return;
    }
    void vscode.window.showErrorMessage(`GAN Lens: ${errorMessage(e)}`);
  }
}
