import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node } from '../builder';
import { f32, i64 } from '../tensor';
import { inferNodes } from './testing';

test('Resize by scales (floored), by sizes, and Upsample; a symbolic dim only survives a scale of 1', () => {
  const ctx = inferNodes(
    [
      node('Resize', ['x', '', 'scales'], ['up'], { mode: 'linear' }),
      node('Resize', ['x', '', '', 'sizes'], ['sized'], { mode: 'nearest' }),
      node('Upsample', ['x', 'scales'], ['old']),
      node('Resize', ['x', '', 'scaleN'], ['open']),
    ],
    { x: ['float32', ['N', 3, 5, 7]] },
    { scales: f32([4], [1, 1, 1.5, 2]), sizes: i64([4], [2, 3, 9, 9]), scaleN: f32([4], [2, 1, 2, 2]) },
  );
  assert.deepEqual(ctx.types.get('up')?.shape, ['N', 3, 7, 14]);
  assert.deepEqual(ctx.types.get('sized')?.shape, [2, 3, 9, 9]);
  assert.deepEqual(ctx.types.get('old')?.shape, ['N', 3, 7, 14]);
  assert.equal(ctx.types.get('open')?.shape, null);
  assert.equal(ctx.rank('open'), 4);
});
