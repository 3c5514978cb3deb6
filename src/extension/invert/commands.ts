/** Commands of the inversion results: the Reconstruction gallery for a config. */
import * as vscode from 'vscode';
import type { EngineService } from '../engine/service';
import { requireTrust } from '../trust';
import { pickConfig } from '../config/pick-config';
import { readConfigSummary } from '../config/workspace-configs';
import { openGalleryForConfig } from './open-gallery';

export function registerInvertCommands(extensionUri: vscode.Uri, engine: EngineService): vscode.Disposable {
  return vscode.commands.registerCommand('ganLens.openGallery', async (arg?: unknown) => {
    if (!(await requireTrust('the reconstruction gallery'))) return undefined;
    const config = arg instanceof vscode.Uri ? await readConfigSummary(arg) : await pickConfig('GAN Lens: Open Reconstruction Gallery');
    if (!config) return undefined;
    return openGalleryForConfig(extensionUri, engine, config);
  });
}
