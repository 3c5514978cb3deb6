import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridMask, maskToText, resizeNearest } from './grid';

test('grid masks k = 1..5 are checkerboards of k×k cells, blue (1) at the top-left', () => {
  assert.equal(maskToText(gridMask(4, 4, 1)), ['#.#.', '.#.#', '#.#.', '.#.#'].join('\n'));
  assert.equal(maskToText(gridMask(6, 6, 2)), ['##..##', '##..##', '..##..', '..##..', '##..##', '##..##'].join('\n'));
  assert.equal(maskToText(gridMask(7, 7, 3)), ['###...#', '###...#', '###...#', '...###.', '...###.', '...###.', '###...#'].join('\n'));
  for (const k of [1, 2, 3, 4, 5]) {
    const m = gridMask(16, 16, k);
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const blue = (Math.floor(y / k) + Math.floor(x / k)) % 2 === 0;
        assert.equal(m.data[y * 16 + x], blue ? 1 : 0, `k=${k} (${y}, ${x})`);
      }
    }
  }
  // 5×5 cells on 16²: rows 0-4 start blue, 5-9 white, 10-14 blue, 15 white.
  const m5 = maskToText(gridMask(16, 16, 5)).split('\n');
  assert.equal(m5[0], '#####.....#####.');
  assert.equal(m5[5], '.....#####.....#');
  assert.equal(m5[15], '.....#####.....#');
});

test('grid size 0 replicates: every position is blue', () => {
  assert.ok(gridMask(5, 3, 0).data.every((v) => v === 1));
  assert.throws(() => gridMask(4, 4, -1), /non-negative/);
});

test('nearest resize picks floor(dst · in / out), as torch does', () => {
  const src = Float32Array.from([1, 2, 3, 4]);
  assert.deepEqual([...resizeNearest(src, 2, 2, 4, 4)], [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  const big = Uint8Array.from({ length: 16 }, (_, i) => i);
  assert.deepEqual([...resizeNearest(big, 4, 4, 2, 2)], [0, 2, 8, 10]);
});
