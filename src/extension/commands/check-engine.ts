/** `ganLens.checkEngine`: hello + a short self-test job shown as a cancellable notification with progress. */
import * as vscode from 'vscode';
import { SelfTestRequest, type SelfTestResult } from '../../protocol/engine';
import type { EngineService } from '../engine/service';
import { isGanLensError, errorMessage } from '../../protocol/errors';
import { runWithProgress } from '../jobs/run-with-progress';

/** Resolves to the self-test result (undefined when cancelled or failed; the user was told). */
export async function checkEngine(engine: EngineService, output: vscode.OutputChannel, steps = 20): Promise<SelfTestResult | undefined> {
  try {
    const hello = await engine.client.hello();
    output.appendLine(`[host] engine ${hello.engineVersion} pid ${hello.pid} on ${hello.node} ${hello.platform}, provider ${hello.provider.active}`);
    const result = await runWithProgress(engine.client, SelfTestRequest, { steps, stepMs: 100 }, { title: 'GAN Lens engine self-test' });
    void vscode.window.showInformationMessage(`GAN Lens engine ${hello.engineVersion} is working (pid ${hello.pid}, ${hello.provider.active}).`);
    return result;
  } catch (e) {
    if (isGanLensError(e) && e.kind === 'cancelled') {
      void vscode.window.showInformationMessage('GAN Lens engine self-test cancelled.');
    } else {
      void vscode.window.showErrorMessage(`GAN Lens: ${errorMessage(e)}`);
    }
    return undefined;
  }
}
