/** Writes a batch of demo tiles: PNG folders (images/, masks/) or one images.npy + labels.npy pair. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { NpyU8Writer } from './npy';
import { generateTile, DEFAULT_TILE_SIZE } from './tile';
import { badInput, cancelledError } from '../util/errors';

export interface WriteTilesOptions {
  n: number;
  seed: number;
  out: string;
  size?: number;
  format?: 'png' | 'npy';
  /** Index of the first tile (tiles are numbered seed-wise, so ranges can be split across runs). */
  start?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface WriteTilesResult {
  files: string[];
  tiles: number;
}

export async function writeTiles(o: WriteTilesOptions): Promise<WriteTilesResult> {
  const size = o.size ?? DEFAULT_TILE_SIZE;
  const start = o.start ?? 0;
  if (!Number.isInteger(o.n) || o.n < 1) throw badInput(`--n must be a positive integer, got ${o.n}.`);
  if (!Number.isInteger(o.seed)) throw badInput(`--seed must be an integer, got ${o.seed}.`);
  mkdirSync(o.out, { recursive: true });
  return (o.format ?? 'png') === 'npy' ? writeNpy(o, size, start) : writePng(o, size, start);
}

function writeNpy(o: WriteTilesOptions, size: number, start: number): WriteTilesResult {
  const imagesPath = join(o.out, 'images.npy');
  const labelsPath = join(o.out, 'labels.npy');
  const images = new NpyU8Writer(imagesPath, [o.n, size, size, 3]);
  const labels = new NpyU8Writer(labelsPath, [o.n, size, size]);
  try {
    for (let i = 0; i < o.n; i++) {
      if (o.signal?.aborted) throw cancelledError('Writing demo tiles');
      const t = generateTile(o.seed, start + i, size);
      images.append(t.rgb);
      labels.append(t.labels);
      if ((i + 1) % 256 === 0) o.onProgress?.(i + 1, o.n);
    }
  } finally {
    images.close();
    labels.close();
  }
  return { files: [imagesPath, labelsPath], tiles: o.n };
}

async function writePng(o: WriteTilesOptions, size: number, start: number): Promise<WriteTilesResult> {
  const imgDir = join(o.out, 'images');
  const maskDir = join(o.out, 'masks');
  mkdirSync(imgDir, { recursive: true });
  mkdirSync(maskDir, { recursive: true });
  const files: string[] = [];
  const digits = Math.max(5, String(start + o.n - 1).length);
  for (let i = 0; i < o.n; i++) {
    if (o.signal?.aborted) throw cancelledError('Writing demo tiles');
    const index = start + i;
    const t = generateTile(o.seed, index, size);
    const name = `tile_${String(index).padStart(digits, '0')}.png`;
    await sharp(t.rgb, { raw: { width: size, height: size, channels: 3 } }).png().toFile(join(imgDir, name));
    await sharp(t.labels, { raw: { width: size, height: size, channels: 1 } }).toColourspace('b-w').png().toFile(join(maskDir, name));
    files.push(join(imgDir, name), join(maskDir, name));
    if ((i + 1) % 64 === 0) o.onProgress?.(i + 1, o.n);
  }
  return { files, tiles: o.n };
}
