/**
 * The real models the memory benchmark needs, and workspace configs around them. The models are real-size exports
 * of the upstream code (issue 17): NVlabs stylegan2-ada-pytorch paper256, ajbrock BigGAN-PyTorch bs256x8 at 128²,
 * torchvision ResNet50. GAN_LENS_REAL_MODELS names their folder.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const MODEL_FILES = ['resnet50.onnx', 'stylegan2-256.onnx', 'biggan-128.onnx'] as const;

export const MISSING_MODELS = `bench/memory.bench.ts needs real-size ONNX exports in the folder GAN_LENS_REAL_MODELS names:
  resnet50.onnx       torchvision resnet50, input 'image' [N,3,224,224]   (scripts/python/export_network.py --arch resnet50 --size 224)
  stylegan2-256.onnx  stylegan2-ada-pytorch G_ema, paper256, input 'z' [N,512], output 'image' (scripts/python/export_stylegan2.py)
  biggan-128.onnx     BigGAN-PyTorch G_ema, bs256x8 settings, input 'z' [N,120], output 'image' (scripts/python/export_biggan.py)
Random weights are fine (memory does not depend on the values); docs/exporting-models.md shows the export commands.`;

/** The models' folder, or undefined when any file is missing. */
export function realModels(): string | undefined {
  const dir = process.env['GAN_LENS_REAL_MODELS'] ?? '/tmp/ganlens-real';
  return MODEL_FILES.every((f) => existsSync(join(dir, f))) ? dir : undefined;
}

const extractor = (models: string): Record<string, unknown> => ({
  model: join(models, 'resnet50.onnx'),
  input: 'image',
  inputSize: [224, 224],
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  layers: { layer1: '/layer1/layer1.2/relu_2/Relu_output_0', layer2: '/layer2/layer2.3/relu_2/Relu_output_0' },
});

const data = { train: { procedural: { seed: 1, count: 256, size: 224 } }, val: { procedural: { seed: 2, count: 16, size: 224 } } };

/** Writes the two configs into `dir` and returns their paths. */
export function writeConfigs(models: string, dir: string): { stylegan2: string; biggan: string } {
  mkdirSync(dir, { recursive: true });
  const stylegan2 = join(dir, 'resnet50-stylegan2.ganlens.json');
  writeFileSync(
    stylegan2,
    JSON.stringify({
      name: 'memory-bench-stylegan2',
      extractor: extractor(models),
      generator: {
        model: join(models, 'stylegan2-256.onnx'),
        latents: [{ input: 'z', shape: [512] }],
        output: { name: 'image', range: [-1, 1] },
        layers: { 'b64.conv1': '/synthesis/b64/conv1/Clip_output_0', 'b32.conv1': '/synthesis/b32/conv1/Clip_output_0' },
      },
      data,
      pairs: [{ from: 'layer2', to: 'b32.conv1' }],
      training: { batchSize: 8, epochs: 1, seed: 0, validationSize: 16 },
      output: join(dir, 'runs'),
    }),
  );
  const biggan = join(dir, 'resnet50-biggan.ganlens.json');
  writeFileSync(
    biggan,
    JSON.stringify({
      name: 'memory-bench-biggan',
      extractor: extractor(models),
      generator: { model: join(models, 'biggan-128.onnx'), latents: [{ input: 'z', shape: [120] }], output: { name: 'image', range: [-1, 1] }, layers: {} },
      data,
      pairs: [{ from: 'layer2', to: '/blocks.1.0/Add_output_0' }],
      training: { batchSize: 8, epochs: 1, seed: 0, validationSize: 16 },
      output: join(dir, 'runs'),
    }),
  );
  return { stylegan2, biggan };
}

/**
 * The real models and a fresh `.bench-output/<name>` holding both configs, or undefined (after printing what is
 * missing) when the models are not there.
 */
export function openRealModelsBench(name: string): { models: string; out: string; cfg: { stylegan2: string; biggan: string } } | undefined {
  const models = realModels();
  if (!models) {
    console.log(MISSING_MODELS);
    return undefined;
  }
  const out = resolve('.bench-output', name);
  rmSync(out, { recursive: true, force: true });
  return { models, out, cfg: writeConfigs(models, out) };
}
