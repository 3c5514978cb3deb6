// Figure for docs/painting.md: the first 8 samples of a paint-batch folder: masks (palette colours), the samples
// unpainted (when the folder has unpainted/), and painted.
// Usage: node --import tsx docs/results/activation-vectors/examples.ts BATCH_DIR OUT.png
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage, encodeGridPng } from '../../../src/engine/runtime/image';

async function main(): Promise<void> {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) throw new Error('usage: examples.ts BATCH_DIR OUT.png');
  const ids = Array.from({ length: 8 }, (_, i) => String(i).padStart(6, '0'));
  const masks = await Promise.all(ids.map((id) => decodeImage(join(dir, 'masks_rgb', `${id}.png`))));
  const images = await Promise.all(ids.map((id) => decodeImage(join(dir, 'images', `${id}.png`))));
  const before = existsSync(join(dir, 'unpainted')) ? await Promise.all(ids.map((id) => decodeImage(join(dir, 'unpainted', `${id}.png`)))) : [];
  writeFileSync(out, await encodeGridPng([...masks, ...before, ...images], { cols: 8, padValue: 1 }));
}

void main();
