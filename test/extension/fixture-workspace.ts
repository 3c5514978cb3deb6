/** A tiny GAN Lens workspace (tiny extractor and generator, procedural data) for engine feature tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor, tinyGenerator } from '../helpers/models';
import { writeModel } from '../../src/engine/onnx/io';

export interface TinyWorkspace {
  dir: string;
  config: string;
  cleanup: () => void;
}

export function tinyWorkspace(): TinyWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'ganlens-features-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  const config = join(dir, 'tiny.ganlens.json');
  writeFileSync(
    config,
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'random' } },
      data: { train: { procedural: { seed: 1, count: 1024, size: 32 } }, val: { procedural: { seed: 2, count: 8, size: 32 } } },
      pairs: [{ from: 'block1' }, { from: 'block2' }],
      training: { batchSize: 4, epochs: 2, samplesPerEpoch: 16, validationSize: 8, init: 'random', optimizer: { lr: 0.05 } },
      output: 'out',
    }),
  );
  return { dir, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
