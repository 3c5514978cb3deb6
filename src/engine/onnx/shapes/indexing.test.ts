import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node } from '../builder';
import { i64 } from '../tensor';
import { inferNodes } from './testing';

test('Concat, Split, Slice, Gather and Pad', () => {
  const ctx = inferNodes(
    [
      node('Concat', ['x', 'x'], ['cat'], { axis: 1 }),
      node('Split', ['x'], ['s0', 's1', 's2'], { axis: 2 }),
      node('Slice', ['x', 'starts', 'ends', 'axes'], ['sl']),
      node('Slice', ['x', 'rs', 're', 'ra', 'rstep'], ['rev']),
      node('Gather', ['x', 'idx'], ['g'], { axis: 1 }),
      node('Pad', ['x', 'pads'], ['p']),
      node('GatherElements', ['x', 'ge'], ['ge_out'], { axis: 2 }),
    ],
    { x: ['float32', ['N', 4, 7]] },
    {
      starts: i64([2], [1, -5]),
      ends: i64([2], [100, -1]),
      axes: i64([2], [1, 2]),
      rs: i64([1], [-1]),
      re: i64([1], [-100]),
      ra: i64([1], [2]),
      rstep: i64([1], [-2]),
      idx: i64([2, 2], [0, 1, 2, 3]),
      pads: i64([6], [0, 1, 2, 0, 0, 3]),
      ge: i64([1, 4, 2], [0, 1, 2, 3, 4, 5, 6, 0]),
    },
  );
  assert.deepEqual(ctx.types.get('cat')?.shape, ['N', 8, 7]);
  assert.deepEqual(['s0', 's1', 's2'].map((s) => ctx.types.get(s)?.shape), [['N', 4, 3], ['N', 4, 3], ['N', 4, 1]]);
  assert.deepEqual(ctx.types.get('sl')?.shape, ['N', 3, 4]);
  assert.deepEqual(ctx.types.get('rev')?.shape, ['N', 4, 4]);
  assert.deepEqual(ctx.types.get('g')?.shape, ['N', 2, 2, 7]);
  assert.deepEqual(ctx.types.get('p')?.shape, ['N', 5, 12]);
  assert.deepEqual(ctx.types.get('ge_out')?.shape, [1, 4, 2]);
});

test('Slice and Gather carry small values (shape arithmetic)', () => {
  const ctx = inferNodes(
    [node('Shape', ['x'], ['s']), node('Slice', ['s', 'one', 'big'], ['tail']), node('Gather', ['s', 'last'], ['w'])],
    { x: ['float32', ['N', 3, 8, 9]] },
    { one: i64([1], [1]), big: i64([1], [99]), last: i64([], [-1]) },
  );
  assert.deepEqual(ctx.dims('tail'), [3, 8, 9]);
  assert.deepEqual(ctx.dims('w'), [9]);
  assert.deepEqual(ctx.types.get('w')?.shape, []);
});
