/**
 * The folder the workbench opens: demo/ when it has its extractor and generator, otherwise a workspace under
 * .e2e-work with a small extractor built here plus the unit-test extractor, generator and a config naming layer2.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { writeModel } from '../../../src/engine/onnx/io';
import { f32, tensorToProto } from '../../../src/engine/onnx/tensor';
import { REPO, WORK } from './env';
import { tinyExtractor as fixtureExtractor, tinyGenerator as fixtureGenerator } from '../../helpers/models';

export interface E2eWorkspace {
  folder: string;
  /** Folder inside the workspace that holds the model, as the explorer shows it. */
  modelDir: string;
  modelFile: string;
  /** The *.ganlens.json whose extractor is modelFile and that names a layer 'layer2'. */
  config: string;
  /** The tensor the config's 'layer2' stands for (typed into the layer quick pick). */
  layer2Tensor: string;
}

export function prepareWorkspace(): E2eWorkspace {
  const demoModels = join(REPO, 'demo/models');
  const preferred = process.env.GAN_LENS_E2E_MODEL;
  // demo/ once its extractor and generator exist (the invert flow stitches the one into the other)
  if (existsSync(join(demoModels, 'extractor.onnx')) && existsSync(join(demoModels, 'generator.onnx'))) {
    const models = readdirSync(demoModels).filter((f) => f.endsWith('.onnx')).sort();
    const pick = preferred && models.includes(preferred) ? preferred : models.find((m) => /extractor|classifier|resnet/i.test(m)) ?? models[0];
    const config = join(REPO, 'demo/demo.ganlens.json');
    if (pick) {
      const layers = (JSON.parse(readFileSync(config, 'utf8')) as { extractor: { layers: Record<string, string> } }).extractor.layers;
      return { folder: join(REPO, 'demo'), modelDir: 'models', modelFile: pick, config, layer2Tensor: layers.layer2! };
    }
  }
  const folder = join(WORK, 'workspace');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'models'), { recursive: true });
  writeModel(join(folder, 'models/tiny-extractor.onnx'), tinyExtractor());
  // The invert flow needs a generator and a config: the unit-test fixtures, with the demo's layer names.
  writeModel(join(folder, 'models/extractor.onnx'), fixtureExtractor());
  writeModel(join(folder, 'models/generator.onnx'), fixtureGenerator());
  const layer2Tensor = '/block2/act/Relu_output_0';
  const config = join(folder, 'tiny.ganlens.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: 'e2e-tiny',
      extractor: { model: 'models/extractor.onnx', inputSize: [32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], layers: { layer1: '/block1/act/Relu_output_0', layer2: layer2Tensor } },
      generator: { model: 'models/generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'random' } },
      data: { train: { procedural: { seed: 1, count: 64, size: 32 } }, val: { procedural: { seed: 2, count: 8, size: 32 } } },
      pairs: [{ from: 'layer1' }, { from: 'layer2' }],
      training: { batchSize: 4, epochs: 1, validationSize: 8, optimizer: { lr: 0.05 } },
      output: 'runs',
    }, null, 2),
  );
  return { folder, modelDir: 'models', modelFile: 'tiny-extractor.onnx', config, layer2Tensor };
}

/** The model the invert flow starts from: the config's extractor. */
export function invertModel(w: E2eWorkspace): string {
  return w.folder.endsWith('demo') ? w.modelFile : 'extractor.onnx';
}

/** image 1×3×32×32 → conv(s2) → relu → conv(s2) → relu, every tensor with value_info. */
function tinyExtractor() {
  const conv = (name: string, cin: number, cout: number) =>
    tensorToProto(name, f32([cout, cin, 3, 3], Array.from({ length: cout * cin * 9 }, (_, i) => Math.sin(i) * 0.1)));
  const opts = { strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [3, 3] };
  return model(
    graph({
      name: 'tiny_extractor',
      nodes: [
        node('Conv', ['image', 'w1'], ['/layer1/conv/Conv_output_0'], opts, '/layer1/conv/Conv'),
        node('Relu', ['/layer1/conv/Conv_output_0'], ['/layer1/relu/Relu_output_0'], {}, '/layer1/relu/Relu'),
        node('Conv', ['/layer1/relu/Relu_output_0', 'w2'], ['/layer2/conv/Conv_output_0'], opts, '/layer2/conv/Conv'),
        node('Relu', ['/layer2/conv/Conv_output_0'], ['features'], {}, '/layer2/relu/Relu'),
      ],
      inputs: [valueInfo('image', 'float32', [1, 3, 32, 32])],
      outputs: [valueInfo('features', 'float32', [1, 16, 8, 8])],
      initializers: [conv('w1', 3, 8), conv('w2', 8, 16)],
      valueInfo: [
        valueInfo('/layer1/conv/Conv_output_0', 'float32', [1, 8, 16, 16]),
        valueInfo('/layer1/relu/Relu_output_0', 'float32', [1, 8, 16, 16]),
        valueInfo('/layer2/conv/Conv_output_0', 'float32', [1, 16, 8, 8]),
      ],
    }),
  );
}
