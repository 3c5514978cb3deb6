import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { writeTiles } from '../../tissue/writer';
import { badInput } from '../../util/errors';

const usage = `gan-lens demo-data --n N --seed S --out DIR [--size 128] [--format png|npy] [--start 0]

Writes N synthetic H&E-like tissue tiles with per-pixel labels
(0 background/lumen/fat, 1 stroma, 2 normal epithelium, 3 tumour).
Tile i of seed S is always the same image.

  png: DIR/images/tile_XXXXX.png (RGB) and DIR/masks/tile_XXXXX.png (8-bit labels 0..3)
  npy: DIR/images.npy (N,H,W,3 uint8) and DIR/labels.npy (N,H,W uint8)`;

function intFlag(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw badInput(`--${name} is required.`, { hint: usage.split('\n')[0] });
    return fallback;
  }
  const n = value.trim() === '' ? NaN : Number(value);
  const max = name === 'size' ? 4096 : name === 'n' ? 1_000_000 : 2 ** 32 - 1;
  const min = name === 'size' || name === 'n' ? 1 : 0;
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(`--${name} must be an integer from ${min} to ${max}, got '${value}'.`);
  return n;
}

export const demoDataCommand: CliCommand = {
  name: 'demo-data',
  summary: 'Write seeded synthetic tissue tiles with segmentation labels (PNG or .npy).',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        n: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        size: { type: 'string' },
        format: { type: 'string' },
        start: { type: 'string' },
      },
      strict: true,
    });
    const format = values.format ?? 'png';
    if (format !== 'png' && format !== 'npy') throw badInput(`--format must be png or npy, got '${format}'.`);
    if (!values.out) throw badInput('--out is required.', { hint: 'Name a folder to write the tiles into.' });
    const n = intFlag('n', values.n);
    const t0 = Date.now();
    const result = await writeTiles({
      n,
      seed: intFlag('seed', values.seed),
      out: values.out,
      size: intFlag('size', values.size, 128),
      format,
      start: intFlag('start', values.start, 0),
      signal: io.signal,
      onProgress: (done, total) => io.err(`${done}/${total} tiles`),
    });
    io.out(`Wrote ${result.tiles} tiles to ${values.out} (${format}) in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  },
};
