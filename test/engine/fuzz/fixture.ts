/**
 * The fuzz suite's workspace: a valid tiny world (extractor, generator, config, a trained stitch run, a vector
 * library, a mask, a palette, .npy inputs) next to the bad things the cases point at (a folder, an empty file,
 * garbage bytes, corrupt JSON, a file where a folder belongs).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModel } from '../../../src/engine/onnx/io';
import { writeNpy } from '../../../src/engine/runtime/npy';
import { loadConfig } from '../../../src/engine/config/load';
import { trainStitch } from '../../../src/engine/stitch/train';
import { encodeRgbPng } from '../../../src/engine/paint/mask';
import { main } from '../../../src/engine/cli/main';
import { randomF32, tinyExtractor, tinyGenerator } from '../../helpers/models';

export interface FuzzWorld {
  dir: string;
  config: string;
  model: string;
  generator: string;
  run: string;
  images: string;
  npy: string;
  mask: string;
  palette: string;
  /** Bad things. */
  missing: string;
  folder: string;
  emptyFile: string;
  garbage: string;
  corruptJson: string;
  /** A file whose path is then used as a parent folder. */
  aFile: string;
  /** A fresh output folder name per call. */
  out: () => string;
}

export const BASE_CONFIG = {
  extractor: { model: 'extractor.onnx', inputSize: [32, 32], layers: { block1: '/block1/act/Relu_output_0' } },
  generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'random' }, layers: { up0: '/up0/act/Relu_output_0' } },
  data: { train: { procedural: { seed: 1, count: 16, size: 32 } }, val: { procedural: { seed: 2, count: 4, size: 32 } } },
  pairs: [{ from: 'block1' }],
  training: { batchSize: 4, epochs: 1, samplesPerEpoch: 8, validationSize: 4, init: 'random' },
};

/** The world's paths, its models, config and bad files (synchronous, so cases can be generated up front). */
export function fuzzWorld(): FuzzWorld {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-fuzz-'));
  const model = join(dir, 'extractor.onnx');
  const generator = join(dir, 'generator.onnx');
  writeModel(model, tinyExtractor());
  writeModel(generator, tinyGenerator());
  const config = join(dir, 'tiny.ganlens.json');
  writeFileSync(config, JSON.stringify(BASE_CONFIG));
  const images = join(dir, 'images');
  mkdirSync(images);
  const npy = join(dir, 'image.npy');
  writeNpy(npy, randomF32([1, 3, 32, 32], 3));
  const palette = join(dir, 'palette.json');
  writeFileSync(palette, JSON.stringify({ library: 'lib', keep: '#00ff00', colors: [{ color: '#ff0000', vector: 'v1' }] }));
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  const emptyFile = join(dir, 'empty.json');
  writeFileSync(emptyFile, '');
  const garbage = join(dir, 'garbage.bin');
  writeFileSync(garbage, Buffer.from([0x93, 0x00, 0xff, 0x12, 0x7b, 0x22, 0x0a, 0x00, 0x01]));
  const corruptJson = join(dir, 'corrupt.json');
  writeFileSync(corruptJson, '{"extractor": {"model": "extr');
  const aFile = join(dir, 'a-file.txt');
  writeFileSync(aFile, 'not a folder');
  let n = 0;
  return {
    dir, config, model, generator, run: join(dir, 'run'), images, npy, mask: join(dir, 'mask.png'), palette,
    missing: join(dir, 'does-not-exist'), folder, emptyFile, garbage, corruptJson, aFile,
    out: () => join(dir, 'outs', `o${n++}`),
  };
}

/** What needs the engine: a trained stitch run, images, a mask and a vector library named in the palette. */
export async function populate(w: FuzzWorld): Promise<void> {
  const cfg = loadConfig(w.config);
  await trainStitch({ config: cfg, pair: cfg.pairs[0]!, outDir: w.run, epochs: 1 });
  const rgb = new Uint8Array(32 * 32 * 3);
  for (let p = 0; p < 32 * 32; p++) rgb.set(p % 32 < 16 ? [255, 0, 0] : [0, 255, 0], p * 3);
  writeFileSync(join(w.images, 'a.png'), await encodeRgbPng(rgb, 32, 32));
  writeFileSync(w.mask, await encodeRgbPng(rgb.subarray(0, 16 * 16 * 3), 16, 16));
  const err: string[] = [];
  const code = await main(['vectors', 'sample', '--config', w.config, '--layer', 'up0', '--n', '2', '--library', 'lib'], { out: () => undefined, err: (l) => err.push(l) });
  if (code !== 0) throw new Error(`fuzz fixture: vectors sample failed: ${err.join('\n')}`);
}
