import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibratedChunks, type Calibration } from './calibrated-chunks';
import { processMemory, type MemoryProbe } from './process-memory';
import type { RunnableSession } from './session';
import type { HostTensor } from '../onnx/tensor';

const MB = 2 ** 20;

/** A session whose runs cost `perRow` bytes of peak per row, seen by the fake probe; it doubles its input rows. */
function fakeWorld(perRow: number, base: number) {
  const runs: number[] = [];
  let peak = base;
  const probe: MemoryProbe = { rss: () => base, resetPeak: () => ((peak = base), true), peak: () => peak };
  const session = {
    inputNames: ['x'],
    outputNames: ['y'],
    run: async (feeds: Record<string, HostTensor>) => {
      const x = feeds.x!;
      runs.push(x.dims[0]!);
      peak = Math.max(peak, base + x.dims[0]! * perRow);
      return { y: { dtype: 'float32', dims: x.dims, data: (x.data as Float32Array).map((v) => 2 * v) } as HostTensor };
    },
  } as unknown as RunnableSession;
  return { runs, probe, session };
}

const rowsOf = (n: number): HostTensor => ({ dtype: 'float32', dims: [n, 2], data: Float32Array.from({ length: 2 * n }, (_, i) => i) });

test('the first run measures one row; later runs take the smaller of the plan and what fits the budget', async () => {
  const w = fakeWorld(100 * MB, 1000 * MB);
  const seen: Calibration[] = [];
  // Planned 8 rows per run, but 1000 MB + k·100 MB must stay under 1350 MB: 3 rows fit.
  const chunks = calibratedChunks(8, 1350 * MB, w.probe, (c) => seen.push(c));
  const out = await chunks.run(w.session, { x: rowsOf(10) }, ['y'], 10);
  assert.deepEqual(w.runs, [1, 3, 3, 3]);
  assert.deepEqual([...(out.y!.data as Float32Array)], Array.from({ length: 20 }, (_, i) => 2 * i), 'rows come back whole and in order');
  assert.deepEqual(out.y!.dims, [10, 2]);
  assert.deepEqual(seen, [{ rows: 1, baseBytes: 1000 * MB, peakBytes: 1100 * MB, chunk: 3 }]);
  w.runs.length = 0;
  await chunks.run(w.session, { x: rowsOf(7) }, ['y'], 7);
  assert.deepEqual(w.runs, [3, 3, 1], 'measured once per session');
});

test('a plan the measurement confirms is kept; without a peak reset the plan stands', async () => {
  const w = fakeWorld(10 * MB, 500 * MB);
  const chunks = calibratedChunks(4, 4096 * MB, w.probe);
  await chunks.run(w.session, { x: rowsOf(9) }, ['y'], 9);
  assert.deepEqual(w.runs, [1, 4, 4], 'never more rows than planned');
  const blind = fakeWorld(10 * MB, 500 * MB);
  const fixed = calibratedChunks(4, 600 * MB, { ...blind.probe, resetPeak: () => false });
  await fixed.run(blind.session, { x: rowsOf(9) }, ['y'], 9);
  assert.deepEqual(blind.runs, [4, 4, 1]);
});

test('the real probe measures this process: a 64 MB allocation raises the peak by about that much', () => {
  // Only where the platform can reset the peak (Linux); elsewhere the estimate alone plans the chunks.
  assert.equal(processMemory.resetPeak(), process.platform === 'linux');
  if (process.platform !== 'linux') return;
  const before = processMemory.rss();
  const buf = new Uint8Array(64 * MB).fill(1);
  const grew = processMemory.peak() - before;
  assert.ok(grew > 56 * MB && grew < 128 * MB, `peak grew by ${(grew / MB).toFixed(1)} MB`);
  assert.equal(buf[buf.length - 1], 1);
});
