import { test } from 'node:test';
import { gradCheck, randn, ints } from '../testing/gradcheck';

test('Tile (float64)', async () => {
  await gradCheck({ op: 'Tile', inputs: [randn([2, 3], 109, 'float64'), { const: ints([2], [3, 2]) }] });
});
