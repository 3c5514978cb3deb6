/** Runs `gan-lens grad` in-process for one tap and compares every gradient with the torch float64 reference. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../../src/engine/cli/main';
import { readNpy } from '../../../src/engine/runtime/npy';
import { safeName } from '../../../src/engine/cli/commands/run';
import type { Manifest } from './reference';

export const TOLERANCE = 1e-4;

export interface TapResult {
  tap: string;
  errors: Record<string, number>;
}

function relError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let maxRef = 0;
  let maxDiff = 0;
  for (let i = 0; i < want.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(want[i]!));
    maxDiff = Math.max(maxDiff, Math.abs(got[i]! - want[i]!));
  }
  assert.ok(maxRef > 0, 'reference gradient is not identically zero');
  return maxDiff / maxRef;
}

export async function compareTap(dir: string, m: Manifest, tap: string): Promise<TapResult> {
  const out = join(dir, tap, 'gan-lens');
  const wrt = [m.input, ...(m.weights[tap] ?? [])];
  const argv = ['grad', join(dir, 'model.onnx'), '--at', m.taps[tap]!, '--loss', 'l1', '--target', join(dir, tap, 'target.npy'),
    '--input', `${m.input}=${join(dir, 'input.npy')}`, ...wrt.flatMap((w) => ['--wrt', w]), '--out', out, '--threads', '2'];
  const code = await main(argv);
  assert.equal(code, 0, `gan-lens ${argv.join(' ')} exited ${code}`);
  const errors: Record<string, number> = {};
  const lossGot = Number(readNpy(join(out, 'loss.npy')).data[0]);
  const lossWant = Number(readNpy(join(dir, tap, 'loss.npy')).data[0]);
  errors.loss = Math.abs(lossGot - lossWant) / Math.abs(lossWant);
  for (const w of wrt) {
    const got = readNpy(join(out, `grad_${safeName(w)}.npy`));
    const want = readNpy(join(dir, tap, `grad_${w}.npy`));
    assert.deepEqual(got.dims, want.dims, `gradient shape of ${w}`);
    errors[w] = relError(got.data as Float32Array, want.data as Float64Array);
  }
  return { tap, errors };
}

export function assertWithin(model: string, r: TapResult): void {
  const line = Object.entries(r.errors).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ');
  console.log(`  ${model} ${r.tap}: ${line}`);
  for (const [k, v] of Object.entries(r.errors)) assert.ok(v <= TOLERANCE, `${model} ${r.tap}: d/d${k} max|Δg|/max|g| = ${v.toExponential(2)} > ${TOLERANCE}`);
}
