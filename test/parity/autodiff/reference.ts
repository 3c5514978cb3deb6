/** Runs scripts/python/grad_reference.py once per model (cached in .test-output/autodiff-parity/<model>/). */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PARITY_DIR = '.test-output/autodiff-parity';
const SCRIPT = 'scripts/python/grad_reference.py';

export interface Manifest {
  model: string;
  input: string;
  taps: Record<string, string>;
  weights: Record<string, string[]>;
  margin: number;
  nudge_iters: number;
}

/** Exports the model and computes torch float64 references; fails loudly when torch is missing. */
export function reference(model: string): { dir: string; manifest: Manifest } {
  const dir = join(PARITY_DIR, model);
  const stamp = createHash('sha256').update(readFileSync(SCRIPT)).digest('hex').slice(0, 16);
  const stampFile = join(dir, 'stamp');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    const r = spawnSync('nice', ['/usr/bin/python3', '-W', 'ignore', SCRIPT, '--model', model, '--out', dir], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(
        `The PyTorch reference for ${model} failed (exit ${r.status}). The parity suite needs /usr/bin/python3 with torch, ` +
          `torchvision and onnx (apt-get install python3-torch python3-torchvision python3-onnx).\n${r.stderr}${r.error ?? ''}`,
      );
    }
    writeFileSync(stampFile, stamp);
  }
  return { dir, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest };
}
