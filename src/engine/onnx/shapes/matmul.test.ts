import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node } from '../builder';
import { f32 } from '../tensor';
import { inferNodes } from './testing';

test('MatMul broadcasts batch dims and drops the dims of 1-D operands; Gemm transposes', () => {
  const ctx = inferNodes(
    [node('MatMul', ['a', 'b'], ['ab']), node('MatMul', ['a', 'v'], ['av']), node('Gemm', ['m', 'g'], ['gemm'], { transB: 1 })],
    { a: ['float32', ['N', 1, 3, 4]], m: ['float32', ['N', 5]] },
    { b: f32([2, 4, 6]), v: f32([4]), g: f32([7, 5]) },
  );
  assert.deepEqual(ctx.types.get('ab')?.shape, ['N', 2, 3, 6]);
  assert.deepEqual(ctx.types.get('av')?.shape, ['N', 1, 3]);
  assert.deepEqual(ctx.types.get('gemm')?.shape, ['N', 7]);
});

test('MatMul of an unknown shape keeps the rank its operands imply', () => {
  const ctx = inferNodes([node('Conv', ['x', 'w'], ['c']), node('MatMul', ['c', 'v'], ['cv'])], { x: ['float32', ['N', 3, 'H', 8]] }, { w: f32([4, 3, 1, 1]), v: f32([8]) });
  assert.equal(ctx.types.get('cv')?.shape, null);
  assert.equal(ctx.rank('cv'), 3);
});
