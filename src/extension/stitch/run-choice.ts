/**
 * Training into a folder that already holds a stitch run: the engine refuses unless told to resume or overwrite, so
 * the editor asks which (Continue from the last checkpoint, Retrain from scratch) instead of replacing a trained run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export type RunChoice = { resume: boolean; overwrite: boolean };

/** resume/overwrite for training into `outDir`; undefined when the user cancels. Asks only when the folder holds a run. */
export async function chooseRunAction(outDir: string, layer: string): Promise<RunChoice | undefined> {
  const holds = ['run.json', 'metrics.json', 'checkpoints'].some((f) => existsSync(join(outDir, f)));
  if (!holds) return { resume: false, overwrite: false };
  const canResume = existsSync(join(outDir, 'checkpoints', 'last', 'state.json'));
  const CONTINUE = 'Continue Training';
  const RETRAIN = 'Retrain From Scratch';
  const pick = await vscode.window.showWarningMessage(
    `GAN Lens: ${layer} already has a stitch run in ${outDir}. Retraining from scratch replaces it.`,
    { modal: true },
    ...(canResume ? [CONTINUE, RETRAIN] : [RETRAIN]),
  );
  if (pick === CONTINUE) return { resume: true, overwrite: false };
  if (pick === RETRAIN) return { resume: false, overwrite: true };
  return undefined;
}
