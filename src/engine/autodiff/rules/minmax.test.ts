import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Max and Min of broadcasting operands (float64)', async () => {
  await gradCheck({ op: 'Max', inputs: [randn([3, 4], 38, 'float64'), randn([4], 39, 'float64'), randn([3, 1], 40, 'float64')] });
  await gradCheck({ op: 'Min', inputs: [randn([3, 4], 41, 'float64'), randn([4], 42, 'float64')] });
});
