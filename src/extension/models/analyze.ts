import * as vscode from 'vscode';
import { AnalyzeModelRequest } from '../../protocol/engine';
import type { ModelAnalysis } from '../../protocol/model';
import type { EngineService } from '../engine/service';

/** Asks the engine for a model's analysis, with a window progress indicator. */
export async function analyzeModel(engine: EngineService, uri: vscode.Uri): Promise<ModelAnalysis> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `GAN Lens: analysing ${vscode.workspace.asRelativePath(uri)}` },
    () => engine.client.request(AnalyzeModelRequest, { file: uri.fsPath }),
  );
}
