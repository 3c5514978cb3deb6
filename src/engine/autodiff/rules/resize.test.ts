import { test } from 'node:test';
import { gradCheck, randn, floats } from '../testing/gradcheck';

// Resize is linear in X: large steps keep the float32 check tight.
const h = 0.5;
const tol = 1e-4;
const x = randn([1, 2, 4, 5], 125, 'float32');
const scales = (s: number[]): { const: ReturnType<typeof floats> } => ({ const: floats([4], s, 'float32') });

test('Resize nearest ×2 (torch export: asymmetric + floor, block-sum fast path)', async () => {
  await gradCheck({ op: 'Resize', attrs: { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }, inputs: [x, null, scales([1, 1, 2, 2])], h, tol });
});

test('Resize nearest with fractional scales and half_pixel (matrix path)', async () => {
  await gradCheck({ op: 'Resize', attrs: { mode: 'nearest', coordinate_transformation_mode: 'half_pixel' }, inputs: [x, null, scales([1, 1, 1.5, 0.6])], h, tol });
});

test('Resize linear in every coordinate mode', async () => {
  for (const ctm of ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric']) {
    await gradCheck({ op: 'Resize', attrs: { mode: 'linear', coordinate_transformation_mode: ctm }, inputs: [x, null, scales([1, 1, 2, 1.6])], h, tol });
  }
});

test('Resize cubic and resize by sizes', async () => {
  await gradCheck({ op: 'Resize', attrs: { mode: 'cubic' }, inputs: [x, null, scales([1, 1, 1.5, 2])], h, tol });
  const sizes = { const: { dtype: 'int64' as const, dims: [4], data: new BigInt64Array([1n, 2n, 7n, 3n]) } };
  await gradCheck({ op: 'Resize', attrs: { mode: 'linear' }, inputs: [x, null, null, sizes], h, tol });
});
