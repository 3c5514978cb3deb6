/**
 * A tiny generator with a BigGAN-style self-attention block, and a workspace config around it, for the inversion
 * tests: z [batch, 8] → fc (Gemm, 64) → reshape 4×4×4 → relu → nearest ×2 → conv (8×8×8) → relu → attention
 * (query 8²=64 positions, keys/values max-pooled to 4²=16, softmax over keys, gated residual) → to_rgb → tanh, 8×8.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { f32, i64, tensorToProto } from '../../../src/engine/onnx/tensor';
import type { ModelProto, TensorProto } from '../../../src/engine/onnx/gen/onnx_pb';
import { writeModel } from '../../../src/engine/onnx/io';
import { randomF32, tinyExtractor } from '../../helpers/models';

export const ATTENTION_TENSOR = '/attn/softmax/Softmax_output_0';
export const DENSE_TENSOR = '/fc/Gemm_output_0';

function w(name: string, dims: number[], seed: number, gain = 1): TensorProto {
  const fanIn = dims.slice(1).reduce((a, b) => a * b, 1);
  return tensorToProto(name, randomF32(dims, seed, gain * Math.sqrt(3 / fanIn)));
}

export function tinyAttentionGenerator(): ModelProto {
  const nodes = [
    node('Gemm', ['z', 'fc.weight', 'fc.bias'], [DENSE_TENSOR], { transB: 1 }, '/fc/Gemm'),
    node('Reshape', [DENSE_TENSOR, 'shape_4x4'], ['/Reshape_output_0'], {}, '/Reshape'),
    node('Relu', ['/Reshape_output_0'], ['/fc_relu/Relu_output_0'], {}, '/fc_relu/Relu'),
    node('Resize', ['/fc_relu/Relu_output_0', '', 'scales2'], ['/b0/up/Resize_output_0'], { mode: 'nearest' }, '/b0/up/Resize'),
    node('Conv', ['/b0/up/Resize_output_0', 'b0.weight', 'b0.bias'], ['/b0/conv/Conv_output_0'], { pads: [1, 1, 1, 1] }, '/b0/conv/Conv'),
    node('Relu', ['/b0/conv/Conv_output_0'], ['/b0/act/Relu_output_0'], {}, '/b0/act/Relu'),
    // query: [N, 64, 2]
    node('Conv', ['/b0/act/Relu_output_0', 'q.weight'], ['/attn/query/Conv_output_0'], {}, '/attn/query/Conv'),
    node('Reshape', ['/attn/query/Conv_output_0', 'shape_q'], ['/attn/q_flat'], {}, '/attn/QFlat'),
    node('Transpose', ['/attn/q_flat'], ['/attn/q'], { perm: [0, 2, 1] }, '/attn/QT'),
    // key: [N, 2, 16]
    node('Conv', ['/b0/act/Relu_output_0', 'k.weight'], ['/attn/key/Conv_output_0'], {}, '/attn/key/Conv'),
    node('MaxPool', ['/attn/key/Conv_output_0'], ['/attn/k_pool'], { kernel_shape: [2, 2], strides: [2, 2] }, '/attn/KPool'),
    node('Reshape', ['/attn/k_pool', 'shape_k'], ['/attn/k'], {}, '/attn/KFlat'),
    node('MatMul', ['/attn/q', '/attn/k'], ['/attn/scores'], {}, '/attn/Scores'),
    node('Softmax', ['/attn/scores'], [ATTENTION_TENSOR], { axis: -1 }, '/attn/softmax/Softmax'),
    // value: [N, 4, 16] → out [N, 4, 64]
    node('Conv', ['/b0/act/Relu_output_0', 'v.weight'], ['/attn/value/Conv_output_0'], {}, '/attn/value/Conv'),
    node('MaxPool', ['/attn/value/Conv_output_0'], ['/attn/v_pool'], { kernel_shape: [2, 2], strides: [2, 2] }, '/attn/VPool'),
    node('Reshape', ['/attn/v_pool', 'shape_v'], ['/attn/v'], {}, '/attn/VFlat'),
    node('Transpose', [ATTENTION_TENSOR], ['/attn/attn_t'], { perm: [0, 2, 1] }, '/attn/AT'),
    node('MatMul', ['/attn/v', '/attn/attn_t'], ['/attn/o_flat'], {}, '/attn/Out'),
    node('Reshape', ['/attn/o_flat', 'shape_o'], ['/attn/o'], {}, '/attn/OShape'),
    node('Conv', ['/attn/o', 'o.weight'], ['/attn/out/Conv_output_0'], {}, '/attn/out/Conv'),
    node('Mul', ['/attn/out/Conv_output_0', 'gamma'], ['/attn/gated'], {}, '/attn/Gate'),
    node('Add', ['/b0/act/Relu_output_0', '/attn/gated'], ['/attn/Add_output_0'], {}, '/attn/Add'),
    node('Conv', ['/attn/Add_output_0', 'to_rgb.weight', 'to_rgb.bias'], ['/to_rgb/Conv_output_0'], { pads: [1, 1, 1, 1] }, '/to_rgb/Conv'),
    node('Tanh', ['/to_rgb/Conv_output_0'], ['image'], {}, '/tanh/Tanh'),
  ];
  return model(
    graph({
      name: 'tiny_attention_generator',
      nodes,
      inputs: [valueInfo('z', 'float32', ['batch', 8])],
      outputs: [valueInfo('image', 'float32', ['batch', 3, 8, 8])],
      initializers: [
        w('fc.weight', [64, 8], 21, 2),
        tensorToProto('fc.bias', randomF32([64], 22, 0.1)),
        tensorToProto('shape_4x4', i64([4], [-1, 4, 4, 4])),
        tensorToProto('scales2', f32([4], [1, 1, 2, 2])),
        w('b0.weight', [8, 4, 3, 3], 23, 2),
        tensorToProto('b0.bias', randomF32([8], 24, 0.1)),
        w('q.weight', [2, 8, 1, 1], 25, 3),
        w('k.weight', [2, 8, 1, 1], 26, 3),
        w('v.weight', [4, 8, 1, 1], 27),
        tensorToProto('shape_q', i64([3], [0, 2, 64])),
        tensorToProto('shape_k', i64([3], [0, 2, 16])),
        tensorToProto('shape_v', i64([3], [0, 4, 16])),
        tensorToProto('shape_o', i64([4], [0, 4, 8, 8])),
        w('o.weight', [8, 4, 1, 1], 28),
        tensorToProto('gamma', f32([], [0.5])),
        w('to_rgb.weight', [3, 8, 3, 3], 29, 2),
        tensorToProto('to_rgb.bias', randomF32([3], 30, 0.1)),
      ],
    }),
  );
}

/** A workspace folder: the attention generator, the tiny extractor (feature network) and `tiny.ganlens.json`. */
export function inversionWorkspace(): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-geninv-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyAttentionGenerator());
  const config = join(dir, 'tiny.ganlens.json');
  writeFileSync(
    config,
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], layers: { block1: '/block1/act/Relu_output_0' } },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [8] }], output: { name: 'image', range: [-1, 1] } },
      data: { train: { procedural: { seed: 1, count: 8, size: 16 } }, val: { procedural: { seed: 2, count: 4, size: 16 } } },
      pairs: [],
    }),
  );
  return { dir, config };
}
