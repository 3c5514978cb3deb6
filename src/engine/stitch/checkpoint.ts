/** Stitch checkpoints: the conv's weight and bias, the optimiser's moments and where training stands. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy, writeNpy } from '../runtime/npy';
import { f32 } from '../onnx/tensor';
import { replaceDirAtomic } from '../util/atomic';
import { badInput } from '../util/errors';

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

export function writeCheckpoint(dir: string, c: Checkpoint): void {
  const biasDims = [c.bias.length];
  replaceDirAtomic(dir, (tmp) => {
    writeNpy(join(tmp, 'weight.npy'), f32(c.weightDims, c.weight));
    writeNpy(join(tmp, 'bias.npy'), f32(biasDims, c.bias));
    writeNpy(join(tmp, 'adam_m_weight.npy'), f32(c.weightDims, c.m.weight));
    writeNpy(join(tmp, 'adam_m_bias.npy'), f32(biasDims, c.m.bias));
    writeNpy(join(tmp, 'adam_v_weight.npy'), f32(c.weightDims, c.v.weight));
    writeNpy(join(tmp, 'adam_v_bias.npy'), f32(biasDims, c.v.bias));
    // state.json last: its presence marks a complete checkpoint.
    writeFileSync(join(tmp, 'state.json'), JSON.stringify(c.state, null, 2));
  });
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'state.json'));
}

export function readCheckpoint(dir: string): Checkpoint {
  if (!hasCheckpoint(dir)) throw badInput(`No complete checkpoint in ${dir}.`, { file: dir, hint: 'Start a new run without --resume.' });
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as CheckpointState;
  const arr = (name: string): Float32Array => readNpy(join(dir, name)).data as Float32Array;
  const w = readNpy(join(dir, 'weight.npy'));
  return {
    state,
    weight: w.data as Float32Array,
    weightDims: w.dims,
    bias: arr('bias.npy'),
    m: { weight: arr('adam_m_weight.npy'), bias: arr('adam_m_bias.npy') },
    v: { weight: arr('adam_v_weight.npy'), bias: arr('adam_v_bias.npy') },
  };
}
