import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatestOnly } from '../../src/extension/webview/latest-only';

test('while one item runs, newer pushes replace each other and only the newest runs next', async () => {
  const ran: number[] = [];
  let release!: () => void;
  const q = new LatestOnly<number>(async (n) => {
    ran.push(n);
    if (n === 1) await new Promise<void>((r) => (release = r));
  });
  q.push(1);
  q.push(2);
  q.push(3);
  q.push(4);
  assert.deepEqual(ran, [1]);
  release();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(ran, [1, 4]);
  q.push(5);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(ran, [1, 4, 5]);
});
