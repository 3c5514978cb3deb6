/** A tiny workspace (tiny extractor + generator with noise after LayerX) for the vector and painting tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import { writeModel } from '../../../src/engine/onnx/io';
import { loadConfig } from '../../../src/engine/config/load';
import type { GanLensConfig } from '../../../src/engine/config/types';
import type { ModelProto } from '../../../src/engine/onnx/gen/onnx_pb';

/** LayerX of the tiny generator: 8 channels at 8×8, before the noise input. */
export const LAYER = '/up0/act/Relu_output_0';

export function tinyWorkspace(generator: ModelProto = tinyGenerator(), noiseMode: 'const' | 'random' = 'random'): { dir: string; configFile: string; config: GanLensConfig } {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-vectors-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), generator);
  const configFile = join(dir, 'tiny.ganlens.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [32, 32], layers: { block1: '/block1/act/Relu_output_0', layer2: '/block2/act/Relu_output_0' } },
      generator: {
        model: 'generator.onnx',
        latents: [{ input: 'z', shape: [16] }],
        noise: { inputs: ['noise'], mode: noiseMode },
        layers: { up0: LAYER },
      },
      data: { train: { procedural: { seed: 1, count: 8, size: 32 } }, val: { procedural: { seed: 2, count: 4, size: 32 } } },
      pairs: [{ from: 'block1' }],
    }),
  );
  return { dir, configFile, config: loadConfig(configFile) };
}
