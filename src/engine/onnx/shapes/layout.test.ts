import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node } from '../builder';
import { i64 } from '../tensor';
import { inferNodes } from './testing';

test('Reshape resolves 0 and -1, also with a target built from Shape ops', () => {
  const ctx = inferNodes(
    [
      node('Reshape', ['x', 'target'], ['r']),
      node('Shape', ['x'], ['s']),
      node('Gather', ['s', 'zero'], ['n']),
      node('Unsqueeze', ['n', 'axes0'], ['n1']),
      node('Concat', ['n1', 'minus1'], ['flat'], { axis: 0 }),
      node('Reshape', ['x', 'flat'], ['f']),
    ],
    { x: ['float32', ['N', 4, 6]] },
    { target: i64([3], [0, -1, 2]), zero: i64([], [0]), axes0: i64([1], [0]), minus1: i64([1], [-1]) },
  );
  assert.deepEqual(ctx.types.get('r')?.shape, ['N', 12, 2]);
  assert.deepEqual(ctx.dims('flat'), ['N', -1]);
  assert.deepEqual(ctx.types.get('f')?.shape, ['N', 24]);
});

test('Transpose, Flatten, Squeeze/Unsqueeze, Expand, Tile, DepthToSpace', () => {
  const ctx = inferNodes(
    [
      node('Transpose', ['x'], ['t'], { perm: [0, 2, 3, 1] }),
      node('Flatten', ['x'], ['fl'], { axis: 2 }),
      node('Unsqueeze', ['x', 'ax'], ['u']),
      node('Squeeze', ['u', 'ax'], ['sq']),
      node('Expand', ['x', 'shape'], ['e']),
      node('Tile', ['x', 'reps'], ['tile']),
      node('DepthToSpace', ['x'], ['d2s'], { blocksize: 2 }),
    ],
    { x: ['float32', ['N', 4, 3, 5]] },
    { ax: i64([1], [1]), shape: i64([5], [2, 1, 1, 1, 1]), reps: i64([4], [1, 2, 1, 3]) },
  );
  assert.deepEqual(ctx.types.get('t')?.shape, ['N', 3, 5, 4]);
  assert.equal(ctx.types.get('fl')?.shape, null); // N·4 has no name
  assert.equal(ctx.rank('fl'), 2);
  assert.deepEqual(ctx.types.get('u')?.shape, ['N', 1, 4, 3, 5]);
  assert.deepEqual(ctx.types.get('sq')?.shape, ['N', 4, 3, 5]);
  assert.deepEqual(ctx.types.get('e')?.shape, [2, 'N', 4, 3, 5]);
  assert.deepEqual(ctx.types.get('tile')?.shape, ['N', 8, 3, 15]);
  assert.deepEqual(ctx.types.get('d2s')?.shape, ['N', 1, 6, 10]);
});

test('a Transpose whose perm does not fit leaves the shape unknown', () => {
  const ctx = inferNodes([node('Transpose', ['x'], ['t'], { perm: [0, 5] })], { x: ['float32', [2, 3]] });
  assert.equal(ctx.types.get('t')?.shape, null);
  assert.equal(ctx.rank('t'), 2);
});
