/** Status bar item: the execution provider in use; a click switches it. */
import * as vscode from 'vscode';
import type { ProviderStatus } from '../../protocol/engine';
import type { EngineService } from '../engine/service';

const LABEL: Record<ProviderStatus['active'], string> = { cpu: 'CPU', cuda: 'CUDA', webgpu: 'WebGPU' };

export function createProviderStatusBar(engine: EngineService): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('ganLens.provider', vscode.StatusBarAlignment.Right, 100);
  item.name = 'GAN Lens Execution Provider';
  item.command = 'ganLens.selectExecutionProvider';
  const render = (s: ProviderStatus | undefined): void => {
    if (!s) {
      item.text = '$(circuit-board) GAN Lens';
      item.tooltip = 'GAN Lens engine not started yet. Click to choose the execution provider.';
    } else {
      const fellBack = s.requested !== 'auto' && s.requested !== s.active;
      item.text = `$(${fellBack ? 'warning' : 'circuit-board'}) GAN Lens: ${LABEL[s.active]}`;
      item.tooltip = `Execution provider: ${LABEL[s.active]} (asked: ${s.requested})${s.reason ? `\n${s.reason}` : ''}\nClick to switch.`;
    }
    item.accessibilityInformation = { label: `GAN Lens execution provider: ${s ? LABEL[s.active] : 'not started'}` };
  };
  render(engine.providerStatus);
  item.show();
  const sub = engine.onDidChangeProvider(render);
  return vscode.Disposable.from(item, sub);
}
