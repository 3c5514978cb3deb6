import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('GlobalAveragePool (float32) and GlobalMaxPool (float32)', async () => {
  await gradCheck({ op: 'GlobalAveragePool', inputs: [randn([2, 3, 4, 5], 123, 'float32')], h: 0.5, tol: 1e-4 });
  await gradCheck({ op: 'GlobalMaxPool', inputs: [randn([2, 3, 4, 5], 124, 'float32')], h: 1e-3, tol: 2e-3 });
});
