import * as vscode from 'vscode';
import type { ProviderChoice } from '../../protocol/engine';
import type { EngineService } from '../engine/service';
import { PROVIDER_SETTING, readProviderSetting } from '../config/provider-setting';

const ITEMS: { choice: ProviderChoice; label: string; detail: string }[] = [
  { choice: 'auto', label: 'Auto', detail: 'CUDA, then WebGPU, whichever loads first; otherwise CPU' },
  { choice: 'cpu', label: 'CPU', detail: 'Always available' },
  { choice: 'cuda', label: 'CUDA', detail: 'NVIDIA GPUs; needs the CUDA build of onnxruntime-node (see README)' },
  { choice: 'webgpu', label: 'WebGPU', detail: 'Experimental' },
];

/** `ganLens.selectExecutionProvider`: writes the setting; the configuration listener applies it to the engine. */
export async function selectExecutionProvider(engine: EngineService): Promise<void> {
  const current = readProviderSetting();
  const active = engine.providerStatus?.active;
  const pick = await vscode.window.showQuickPick(
    ITEMS.map((i) => ({
      ...i,
      description: [i.choice === current ? 'selected' : '', i.choice === active ? 'in use' : ''].filter(Boolean).join(', '),
    })),
    { title: 'GAN Lens: Execution Provider', placeHolder: 'Where the engine runs models' },
  );
  if (!pick) return;
  await vscode.workspace.getConfiguration().update(PROVIDER_SETTING, pick.choice, vscode.ConfigurationTarget.Global);
}

/** Applies the setting to a running engine and tells the user when it fell back to CPU. */
export async function applyProviderSetting(engine: EngineService): Promise<void> {
  const status = await engine.applyProvider(readProviderSetting());
  if (status && status.requested !== 'auto' && status.active !== status.requested) {
    void vscode.window.showWarningMessage(`GAN Lens: ${status.requested} is not available, using ${status.active}. ${status.reason}`);
  }
}
