import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('PRelu gradient with per-channel slope broadcast (float32)', async () => {
  await gradCheck({
    op: 'PRelu',
    inputs: [randn([2, 3, 4, 5], 3, 'float32', { awayFrom: [0], gap: 0.1 }), randn([3, 1, 1], 4, 'float32')],
  });
});
