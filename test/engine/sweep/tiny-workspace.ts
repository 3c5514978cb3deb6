/** A tiny world (the evaluate test's hand-built extractor and generator) in a temp folder: seconds per evaluation. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import { writeModel } from '../../../src/engine/onnx/io';

export function tinyWorkspace(prefix: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  const net = { model: 'extractor.onnx', inputSize: [32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
  const config = join(dir, 'tiny.ganlens.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: 'tiny',
      extractor: net,
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'const' } },
      testNetworks: { probe: { ...net, layers: { block1: '/block1/act/Relu_output_0', block2: '/block2/act/Relu_output_0' } } },
      data: { train: { procedural: { seed: 1, count: 64, size: 32 } }, val: { procedural: { seed: 2, count: 8, size: 32 } } },
      pairs: [{ from: 'block1' }, { from: 'block2' }],
      training: { batchSize: 4, epochs: 1, samplesPerEpoch: 16, validationSize: 4, init: 'closed-form', optimizer: { lr: 0.01 } },
      evaluation: { testNetworks: ['probe'], images: 4, gd: { steps: 30, batchSize: 4 } },
    }),
  );
  return { dir, config };
}
