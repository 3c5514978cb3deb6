import { test } from 'node:test';
import { gradCheck, randn } from '../testing/gradcheck';

test('Gemm with every transA/transB combination, alpha, beta and a broadcast C (float64)', async () => {
  for (const [tA, tB] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
    const a = randn(tA ? [4, 3] : [3, 4], 45 + tA, 'float64');
    const b = randn(tB ? [5, 4] : [4, 5], 47 + tB, 'float64');
    await gradCheck({ op: 'Gemm', attrs: { transA: tA, transB: tB, alpha: 0.7, beta: 1.3 }, inputs: [a, b, randn([5], 49, 'float64')] });
  }
});
