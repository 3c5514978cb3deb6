import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Mean of broadcasting operands (float32: no float64 Mean kernel)', async () => {
  await gradCheck({ op: 'Mean', inputs: [randn([2, 3], 141, 'float32'), randn([3], 142, 'float32'), randn([2, 1], 143, 'float32')], h: 0.5, tol: 1e-4 });
});
