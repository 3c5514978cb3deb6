import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCheckpoint, readCheckpoint, writeCheckpoint, type Checkpoint } from '../../../src/engine/stitch/checkpoint';
import type { SwapStep } from '../../../src/engine/util/atomic';
import { writeNpy } from '../../../src/engine/runtime/npy';
import { f32 } from '../../../src/engine/onnx/tensor';
import { GanLensError } from '../../../src/engine/util/errors';

const STEPS: SwapStep[] = ['clear-tmp', 'make-tmp', 'fill', 'move-old', 'move-new', 'remove-old'];

function checkpoint(step: number, fill: number): Checkpoint {
  const w = new Float32Array(6).fill(fill);
  const b = new Float32Array(3).fill(fill);
  return {
    state: { epoch: step, batchInEpoch: 0, step, samplesSeen: step * 4, bestCosine: null, bestEpoch: null },
    weight: w,
    bias: b,
    weightDims: [3, 2, 1, 1],
    m: { weight: w.slice(), bias: b.slice() },
    v: { weight: w.slice(), bias: b.slice() },
  };
}

class Crash extends Error {}

/** Siblings a crashed process left, renamed as if that process (pid 999999) were gone and we are a new one. */
function asDeadProcess(parent: string): void {
  for (const n of readdirSync(parent)) {
    const m = /^(last\.(?:tmp|old))-\d+$/.exec(n);
    if (m) renameSync(join(parent, n), join(parent, `${m[1]}-999999`));
  }
}

for (const crashAfter of STEPS) {
  test(`a crash after the swap step '${crashAfter}' leaves a checkpoint that resume reads back complete`, () => {
    const parent = join(mkdtempSync(join(tmpdir(), 'gan-lens-swap-')), 'checkpoints');
    const last = join(parent, 'last');
    writeCheckpoint(last, checkpoint(5, 1));
    assert.throws(
      () =>
        writeCheckpoint(last, checkpoint(9, 2), (s) => {
          if (s === crashAfter) throw new Crash(s);
        }),
      Crash,
    );
    asDeadProcess(parent);
    assert.ok(hasCheckpoint(last), `no checkpoint after a crash at ${crashAfter}`);
    const got = readCheckpoint(last, { cx: 2, cy: 3 });
    // Before the old folder moves away, the previous checkpoint is the complete one; after it, the new one is.
    const newIsIn = STEPS.indexOf(crashAfter) >= STEPS.indexOf('move-old');
    assert.equal(got.state.step, newIsIn ? 9 : 5);
    assert.deepEqual([...got.weight], new Array(6).fill(newIsIn ? 2 : 1));
    assert.deepEqual(readdirSync(parent), ['last'], 'stray swap folders are cleaned up');
    // And the next write goes through normally.
    writeCheckpoint(last, checkpoint(12, 3));
    assert.equal(readCheckpoint(last).state.step, 12);
  });
}

test('a crash while filling (no state.json yet) keeps the previous checkpoint and discards the partial one', () => {
  const parent = join(mkdtempSync(join(tmpdir(), 'gan-lens-swap-')), 'checkpoints');
  const last = join(parent, 'last');
  writeCheckpoint(last, checkpoint(5, 1));
  const partial = join(parent, 'last.tmp-999999');
  mkdirSync(partial);
  writeNpy(join(partial, 'weight.npy'), f32([3, 2, 1, 1], new Float32Array(6)));
  assert.equal(readCheckpoint(last).state.step, 5);
  assert.deepEqual(readdirSync(parent), ['last']);
});

test('only the old sibling of a crashed swap (last.old-<pid>) is recovered, not reported as missing', () => {
  const parent = join(mkdtempSync(join(tmpdir(), 'gan-lens-swap-')), 'checkpoints');
  const last = join(parent, 'last');
  writeCheckpoint(last, checkpoint(7, 4));
  renameSync(last, join(parent, 'last.old-4242'));
  assert.equal(readCheckpoint(last).state.step, 7);
});

test('a checkpoint whose weight has the wrong shape is refused, naming the file and both shapes', () => {
  const parent = join(mkdtempSync(join(tmpdir(), 'gan-lens-swap-')), 'checkpoints');
  const last = join(parent, 'last');
  writeCheckpoint(last, checkpoint(1, 1));
  writeNpy(join(last, 'weight.npy'), f32([3, 3, 1, 1], new Float32Array(9)));
  assert.throws(() => readCheckpoint(last, { cx: 2, cy: 3 }), (e: unknown) => e instanceof GanLensError && e.kind === 'bad-input' && /weight\.npy has shape \[3, 3, 1, 1\]; this stitch needs \[3, 2, 1, 1\]/.test(e.message));
  writeCheckpoint(last, checkpoint(1, 1));
  writeNpy(join(last, 'bias.npy'), f32([2], new Float32Array(2)));
  assert.throws(() => readCheckpoint(last), (e: unknown) => e instanceof GanLensError && /bias\.npy has shape \[2\]/.test(e.message));
  writeCheckpoint(last, checkpoint(1, 1));
  writeFileSync(join(last, 'state.json'), '{"epoch": 1, "batch');
  assert.throws(() => readCheckpoint(last), (e: unknown) => e instanceof GanLensError && e.kind === 'bad-input' && /state\.json is not valid JSON/.test(e.message));
});
