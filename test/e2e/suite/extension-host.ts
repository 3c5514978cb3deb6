import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GanLensApi } from '../../../src/extension/extension';
import { AnalyzeModelRequest, PROTOCOL_VERSION } from '../../../src/protocol/engine';

const COMMANDS = [
  'ganLens.openModel',
  'ganLens.invertLayer',
  'ganLens.stitchWithGenerator',
  'ganLens.visualizeActivations',
  'ganLens.paintWithGenerator',
  'ganLens.selectExecutionProvider',
  'ganLens.showEngineLog',
  'ganLens.restartEngine',
  'ganLens.checkEngine',
  'ganLens.openGallery',
  'ganLens.config.train',
  'ganLens.config.reconstruct',
  'ganLens.config.evaluate',
  'ganLens.config.paint',
];

async function api(): Promise<GanLensApi> {
  const ext = vscode.extensions.getExtension<GanLensApi>('gan-lens.gan-lens');
  assert.ok(ext, 'the gan-lens extension is installed');
  return ext.activate();
}

async function firstModel(): Promise<vscode.Uri> {
  const [uri] = await vscode.workspace.findFiles('**/*.onnx', undefined, 1);
  assert.ok(uri, 'the workspace has an .onnx model');
  return uri;
}

export function extensionHostTests(): void {
  suite('GAN Lens in the extension host', () => {
    test('activates and registers its commands', async () => {
      await api();
      const all = new Set(await vscode.commands.getCommands(true));
      for (const c of COMMANDS) assert.ok(all.has(c), `command ${c} is registered`);
    });

    test('the engine process answers engine/hello through the extension', async () => {
      const { engine } = await api();
      const hello = await engine.client.hello();
      assert.equal(hello.protocolVersion, PROTOCOL_VERSION);
      assert.ok(hello.pid > 0 && hello.pid !== process.pid, 'the engine is a separate process');
      assert.equal(hello.provider.active, 'cpu');
      assert.equal(hello.canRun, true);
    });

    test('the engine analyses the workspace model (onnxruntime-node and the bundle load from the .vsix)', async () => {
      const { engine } = await api();
      const analysis = await engine.client.request(AnalyzeModelRequest, { file: (await firstModel()).fsPath });
      assert.ok(analysis.layers.length > 0, 'layers were found');
      assert.ok(analysis.summary.nodeCount > 0);
    });

    test('GAN Lens: Check Engine runs the self-test job with progress to the end', async () => {
      const result = await vscode.commands.executeCommand<{ jobId: string; steps: number } | undefined>('ganLens.checkEngine', 5);
      assert.ok(result, 'the self-test finished');
      assert.equal(result.steps, 5);
      assert.match(result.jobId, /^engine-selfTest-/);
    });

    test('GAN Lens: Open Model opens the custom editor', async () => {
      const uri = await firstModel();
      await vscode.commands.executeCommand('ganLens.openModel', uri);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        if (input instanceof vscode.TabInputCustom && input.viewType === 'ganLens.modelViewer' && input.uri.toString() === uri.toString()) break;
        assert.ok(Date.now() < deadline, 'the model editor tab became active');
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  });
}
