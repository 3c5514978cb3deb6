import { generateTile } from '../tissue/index';
import { f32 } from '../onnx/tensor';
import { hwcToChw, type ImageSource } from './source';

/** Tiles from the procedural tissue generator: tile i is generateTile(seed, i). */
export function proceduralSource(seed: number, count: number, size: number): ImageSource {
  return {
    description: `procedural tissue tiles (seed ${seed}, ${count} tiles of ${size}²)`,
    count,
    async batch(indices) {
      const t = f32([indices.length, 3, size, size]);
      indices.forEach((i, slot) => hwcToChw(generateTile(seed, i, size).rgb, size, size, 3, t.data as Float32Array, slot));
      return t;
    },
    id: (i) => `seed${seed}-tile${i}`,
    async labels(i) {
      return generateTile(seed, i, size).labels;
    },
  };
}
