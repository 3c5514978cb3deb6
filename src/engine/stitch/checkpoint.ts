/** Stitch checkpoints: the conv's weight and bias, the optimiser's moments and where training stands. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy, writeNpy } from '../runtime/npy';
import { f32 } from '../onnx/tensor';
import { recoverDir, replaceDirAtomic, writeFileAtomic, type SwapStep } from '../util/atomic';
import { badInput, formatShape } from '../util/errors';
import { isRecord, readJsonFile } from '../util/json-file';

export interface CheckpointState {
  /** Epoch being trained (0-based) and the next batch within it. */
  epoch: number;
  batchInEpoch: number;
  step: number;
  samplesSeen: number;
  bestCosine: number | null;
  bestEpoch: number | null;
}

export interface Checkpoint {
  state: CheckpointState;
  weight: Float32Array;
  bias: Float32Array;
  /** Adam moments, same layout as weight/bias. */
  m: { weight: Float32Array; bias: Float32Array };
  v: { weight: Float32Array; bias: Float32Array };
  weightDims: number[];
}

export function writeCheckpoint(dir: string, c: Checkpoint, afterStep?: (step: SwapStep) => void): void {
  const biasDims = [c.bias.length];
  replaceDirAtomic(
    dir,
    (tmp) => {
      writeNpy(join(tmp, 'weight.npy'), f32(c.weightDims, c.weight));
      writeNpy(join(tmp, 'bias.npy'), f32(biasDims, c.bias));
      writeNpy(join(tmp, 'adam_m_weight.npy'), f32(c.weightDims, c.m.weight));
      writeNpy(join(tmp, 'adam_m_bias.npy'), f32(biasDims, c.m.bias));
      writeNpy(join(tmp, 'adam_v_weight.npy'), f32(c.weightDims, c.v.weight));
      writeNpy(join(tmp, 'adam_v_bias.npy'), f32(biasDims, c.v.bias));
      // state.json last (itself written atomically): its presence marks a complete checkpoint.
      writeFileAtomic(join(tmp, 'state.json'), JSON.stringify(c.state, null, 2));
    },
    afterStep,
  );
}

const complete = (dir: string): boolean => existsSync(join(dir, 'state.json'));

/** How far a complete checkpoint got (its step), for picking the newest of several after a crash. */
function stepOf(dir: string): number {
  try {
    const s = readJsonFile(join(dir, 'state.json'), '');
    return isRecord(s) && typeof s.step === 'number' ? s.step : -1;
  } catch {
    return -1;
  }
}

/**
 * Whether `dir` holds a complete checkpoint. A crash in the middle of a swap can leave it only as a sibling
 * (`last.old-<pid>`, `last.tmp-<pid>`): that checkpoint is moved back into place first, so nothing trained is lost.
 */
export function hasCheckpoint(dir: string): boolean {
  recoverDir(dir, complete, stepOf);
  return complete(dir);
}

/** Reads a checkpoint; with `expect`, refuses one whose conv does not map `cx` channels to `cy` (a 1x1 conv). */
export function readCheckpoint(dir: string, expect?: { cx: number; cy: number }): Checkpoint {
  if (!hasCheckpoint(dir)) throw badInput(`No complete checkpoint in ${dir}.`, { file: dir, hint: 'Start a new run without --resume.' });
  const stateFile = join(dir, 'state.json');
  const hint = 'The checkpoint is damaged: retrain the stitch with --overwrite.';
  const raw = readJsonFile(stateFile, hint);
  const num = (k: string): number => {
    const v = isRecord(raw) ? raw[k] : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw badInput(`${stateFile}: "${k}" must be a non-negative integer, not ${JSON.stringify(v)}.`, { file: stateFile, hint });
    return v;
  };
  const orNull = (k: string): number | null => {
    const v = isRecord(raw) ? raw[k] : undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const state: CheckpointState = {
    epoch: num('epoch'),
    batchInEpoch: num('batchInEpoch'),
    step: num('step'),
    samplesSeen: num('samplesSeen'),
    bestCosine: orNull('bestCosine'),
    bestEpoch: orNull('bestEpoch'),
  };
  const w = readNpy(join(dir, 'weight.npy'));
  const [cy, cx, kh, kw] = w.dims;
  const wrong = (file: string, got: readonly number[], want: readonly number[]): Error =>
    badInput(`${join(dir, file)} has shape ${formatShape(got)}; this stitch needs ${formatShape(want)}.`, { file: join(dir, file), shape: got, hint: 'The checkpoint belongs to another layer pair or is damaged: retrain with --overwrite.' });
  const wantW = expect ? [expect.cy, expect.cx, 1, 1] : [cy ?? 0, cx ?? 0, 1, 1];
  if (w.dims.length !== 4 || kh !== 1 || kw !== 1 || cy !== wantW[0] || cx !== wantW[1]) throw wrong('weight.npy', w.dims, wantW);
  const arr = (name: string, want: number[]): Float32Array => {
    const t = readNpy(join(dir, name));
    if (t.dims.length !== want.length || t.dims.some((d, i) => d !== want[i]) || !(t.data instanceof Float32Array)) throw wrong(name, t.dims, want);
    return t.data;
  };
  if (!(w.data instanceof Float32Array)) throw wrong('weight.npy', w.dims, wantW);
  return {
    state,
    weight: w.data,
    weightDims: w.dims,
    bias: arr('bias.npy', [wantW[0]!]),
    m: { weight: arr('adam_m_weight.npy', wantW), bias: arr('adam_m_bias.npy', [wantW[0]!]) },
    v: { weight: arr('adam_v_weight.npy', wantW), bias: arr('adam_v_bias.npy', [wantW[0]!]) },
  };
}
