import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Einsum: batched contraction, implicit output and an operand-only summed label (float32)', async () => {
  await gradCheck({ op: 'Einsum', attrs: { equation: 'bij,bjk->bik' }, inputs: [randn([2, 3, 4], 54, 'float32'), randn([2, 4, 5], 55, 'float32')], h: 0.25 });
  await gradCheck({ op: 'Einsum', attrs: { equation: 'ij,jk' }, inputs: [randn([3, 4], 56, 'float32'), randn([4, 2], 57, 'float32')], h: 0.25 });
  await gradCheck({ op: 'Einsum', attrs: { equation: 'ij,j->i' }, inputs: [randn([3, 4], 58, 'float32'), randn([4], 59, 'float32')], h: 0.25 });
  await gradCheck({ op: 'Einsum', attrs: { equation: 'ncij,c->nc' }, inputs: [randn([2, 3, 2, 2], 60, 'float32'), randn([3], 61, 'float32')], h: 0.25 });
});
