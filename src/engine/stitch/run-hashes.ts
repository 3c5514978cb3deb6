/**
 * A run folder's fingerprints: SHA-256 of the models it was trained with and of its best checkpoint, written after
 * each epoch (hashes.json) and checked when the run is read back, so a conv is never applied to models it was not
 * trained for, nor a checkpoint that changed on disk, without saying so.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic';
import { badInput } from '../util/errors';
import { isRecord, readJsonFile } from '../util/json-file';

const FILE = 'hashes.json';
const CHECKPOINT_FILES = ['checkpoints/best/weight.npy', 'checkpoints/best/bias.npy'];

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Records the models' and the best checkpoint's hashes (paths as given: the config's absolute model paths). */
export function recordRunHashes(runDir: string, models: { extractor: string; generator: string }): void {
  const files: Record<string, string> = { extractor: sha256(models.extractor), generator: sha256(models.generator) };
  for (const f of CHECKPOINT_FILES) if (existsSync(join(runDir, f))) files[f] = sha256(join(runDir, f));
  writeFileAtomic(join(runDir, FILE), `${JSON.stringify({ models, sha256: files }, null, 2)}\n`);
}

/** Throws a bad-input error naming the first file whose content differs from what training recorded. */
export function verifyRunHashes(runDir: string, models: { extractor: string; generator: string }): void {
  const file = join(runDir, FILE);
  if (!existsSync(file)) return; // runs trained before hashes were recorded
  const raw = readJsonFile(file, 'Delete hashes.json to accept the files as they are, or retrain with --overwrite.');
  const recorded = isRecord(raw) && isRecord(raw.sha256) ? raw.sha256 : {};
  const check = (key: string, path: string, what: string): void => {
    const want = recorded[key];
    if (typeof want !== 'string' || !existsSync(path)) return;
    if (sha256(path) !== want) {
      throw badInput(`${path} (${what}) changed since the stitch in ${runDir} was trained.`, {
        file: path,
        hint: `Retrain with \`gan-lens stitch --overwrite\`, restore the file, or delete ${file} to use it anyway (after a crash during training, \`gan-lens stitch --resume\` re-records it).`,
      });
    }
  };
  check('extractor', models.extractor, 'the extractor');
  check('generator', models.generator, 'the generator');
  for (const f of CHECKPOINT_FILES) check(f, join(runDir, f), 'the best checkpoint');
}
