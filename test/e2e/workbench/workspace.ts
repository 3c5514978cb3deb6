/**
 * The folder the workbench opens: demo/ when it has models (demo/models/*.onnx), otherwise a workspace under
 * .e2e-work with a small extractor built here.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { writeModel } from '../../../src/engine/onnx/io';
import { f32, tensorToProto } from '../../../src/engine/onnx/tensor';
import { REPO, WORK } from './env';

export interface E2eWorkspace {
  folder: string;
  /** Folder inside the workspace that holds the model, as the explorer shows it. */
  modelDir: string;
  modelFile: string;
}

export function prepareWorkspace(): E2eWorkspace {
  const demoModels = join(REPO, 'demo/models');
  const preferred = process.env.GAN_LENS_E2E_MODEL;
  if (existsSync(demoModels)) {
    const models = readdirSync(demoModels).filter((f) => f.endsWith('.onnx')).sort();
    const pick = preferred && models.includes(preferred) ? preferred : models.find((m) => /extractor|classifier|resnet/i.test(m)) ?? models[0];
    if (pick) return { folder: join(REPO, 'demo'), modelDir: 'models', modelFile: pick };
  }
  const folder = join(WORK, 'workspace');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'models'), { recursive: true });
  writeModel(join(folder, 'models/tiny-extractor.onnx'), tinyExtractor());
  return { folder, modelDir: 'models', modelFile: 'tiny-extractor.onnx' };
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
