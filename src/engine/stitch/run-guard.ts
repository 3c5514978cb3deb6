/**
 * What a stitch run may do to its folder before it starts: never replace a trained run unless told to, never resume
 * from nothing (which would retrain from scratch and overwrite the run's metrics).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { badInput } from '../util/errors';
import { hasCheckpoint } from './checkpoint';

/** What `trainStitch` leaves in a run folder; --overwrite removes exactly these. */
const RUN_FILES = ['run.json', 'metrics.json', 'stitch.onnx', 'checkpoints', 'samples', 'hashes.json'];

function holdsRun(outDir: string): boolean {
  return ['run.json', 'metrics.json', 'checkpoints'].some((f) => existsSync(join(outDir, f)));
}

/**
 * Checks `outDir` against the user's choice and, for `overwrite`, clears the previous run's files. Throws a bad-input
 * error (nothing changed) when resuming finds no checkpoint, or when a fresh run would replace an existing one.
 */
export function prepareRunFolder(outDir: string, choice: { resume: boolean; overwrite: boolean }): void {
  if (choice.resume && choice.overwrite) throw badInput('--resume and --overwrite contradict each other: pass one of them.');
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw badInput(`${outDir} is a file, not a run folder.`, { file: outDir, hint: 'Pass --out a folder path (it is created if missing).' });
  }
  const last = join(outDir, 'checkpoints', 'last');
  if (choice.resume) {
    if (!hasCheckpoint(last)) {
      throw badInput(`Cannot resume: ${outDir} has no checkpoint (checkpoints/last/state.json); nothing was changed.`, {
        file: outDir,
        hint: holdsRun(outDir) ? 'Pass --overwrite instead of --resume to train this run again from scratch.' : 'Start the run without --resume.',
      });
    }
    return;
  }
  if (!holdsRun(outDir)) return;
  if (!choice.overwrite) {
    throw badInput(`${outDir} already holds a stitch run; training again would replace it.`, {
      file: outDir,
      hint: 'Pass --resume to continue it, --overwrite to replace it, or --out another folder.',
    });
  }
  for (const f of RUN_FILES) rmSync(join(outDir, f), { recursive: true, force: true });
}
