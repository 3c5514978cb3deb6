/**
 * The workspace of the editor-jobs e2e (evaluation job, reload): the demo models and validation tiles (linked, not
 * copied) with a small config — 2 layers, 2 evaluation images, 400 GD steps (long enough to cancel mid-way), short
 * stitch training — and trained stitch
 * runs for the gallery, made here in-process so the reload test does not wait for training.
 */
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/engine/config/load';
import { trainStitch } from '../../../src/engine/stitch/train';
import { REPO, WORK } from './env';

export interface JobsWorkspace {
  folder: string;
  config: string;
  configName: string;
}

export async function prepareJobsWorkspace(): Promise<JobsWorkspace> {
  const demo = join(REPO, 'demo');
  if (!existsSync(join(demo, 'models/extractor.onnx')) || !existsSync(join(demo, 'models/test-network.onnx'))) {
    throw new Error(`The editor-jobs e2e needs the demo models in ${demo}/models (extractor, generator, test network).`);
  }
  const folder = join(WORK, 'jobs-workspace');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'data'), { recursive: true });
  symlinkSync(join(demo, 'models'), join(folder, 'models'));
  symlinkSync(join(demo, 'data/val'), join(folder, 'data/val'));
  const configName = 'small.ganlens.json';
  const config = join(folder, configName);
  const net = { input: 'image', inputSize: [128, 128], mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  const layers = { layer1: '/layer1/layer1.1/relu_1/Relu_output_0', layer2: '/layer2/layer2.1/relu_1/Relu_output_0' };
  writeFileSync(
    config,
    JSON.stringify(
      {
        name: 'e2e-small',
        extractor: { model: 'models/extractor.onnx', ...net, layers },
        generator: {
          model: 'models/generator.onnx',
          latents: [{ input: 'z', distribution: 'normal', shape: [128], scale: 1 }],
          noise: { inputs: [], mode: 'const' },
          output: { name: 'image', range: [-1, 1] },
          layers: { 'blocks.1': '/blocks.1/act/Relu_output_0', 'blocks.2': '/blocks.2/act/Relu_output_0' },
        },
        testNetworks: { 'test-network': { model: 'models/test-network.onnx', ...net, layers } },
        data: { train: { procedural: { seed: 1, count: 256, size: 128 } }, val: { folder: 'data/val/images' } },
        pairs: [
          { from: 'layer1', to: 'blocks.2' },
          { from: 'layer2', to: 'blocks.1' },
        ],
        training: { optimizer: { type: 'adam', lr: 0.01 }, batchSize: 4, epochs: 1, samplesPerEpoch: 16, validationSize: 4, seed: 0 },
        evaluation: { testNetworks: ['test-network'], images: 2, gd: { steps: 400, batchSize: 2 } },
        output: 'runs',
      },
      null,
      2,
    ),
  );
  const c = loadConfig(config);
  for (const pair of c.pairs) await trainStitch({ config: c, pair, outDir: join(c.output, `stitch-${pair.from}-${pair.to}`), epochs: 1, samplesPerEpoch: 16, validationSize: 4, init: 'random' });
  return { folder, config, configName };
}
