/** Small hand-built ONNX models with seeded random weights, named the way torch.onnx names things. */
import { graph, model, node, valueInfo } from '../../src/engine/onnx/builder';
import { f32, i64, tensorToProto } from '../../src/engine/onnx/tensor';
import type { ModelProto, NodeProto, TensorProto } from '../../src/engine/onnx/gen/onnx_pb';

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function randomF32(dims: number[], seed: number, scale = 1): ReturnType<typeof f32> {
  const r = seededRandom(seed);
  const t = f32(dims);
  for (let i = 0; i < t.data.length; i++) t.data[i] = (r() * 2 - 1) * scale;
  return t;
}

function weight(name: string, dims: number[], seed: number): TensorProto {
  const fanIn = dims.slice(1).reduce((a, b) => a * b, 1);
  return tensorToProto(name, randomF32(dims, seed, Math.sqrt(3 / fanIn)));
}

const scoped = (op: string, scope: string, inputs: string[], attrs: Parameters<typeof node>[3] = {}): NodeProto =>
  node(op, inputs, [`${scope}_output_0`], attrs, scope);

/**
 * A tiny extractor: image [batch,3,32,32] → stem conv (s2) → block1 (conv, relu, residual add) → block2 (conv s2,
 * relu) → global pool → flatten → fc. Layer `block1` is at 16² (distance 1), `block2` at 8² (distance 2).
 */
export function tinyExtractor(): ModelProto {
  const nodes = [
    scoped('Conv', '/stem/Conv', ['image', 'stem.weight', 'stem.bias'], { strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [3, 3] }),
    scoped('Relu', '/relu/Relu', ['/stem/Conv_output_0']),
    scoped('Conv', '/block1/conv/Conv', ['/relu/Relu_output_0', 'block1.conv.weight'], { pads: [1, 1, 1, 1] }),
    scoped('Add', '/block1/Add', ['/block1/conv/Conv_output_0', '/relu/Relu_output_0']),
    scoped('Relu', '/block1/act/Relu', ['/block1/Add_output_0']),
    scoped('Conv', '/block2/conv/Conv', ['/block1/act/Relu_output_0', 'block2.conv.weight'], { strides: [2, 2], pads: [1, 1, 1, 1] }),
    scoped('Relu', '/block2/act/Relu', ['/block2/conv/Conv_output_0']),
    scoped('GlobalAveragePool', '/pool/GlobalAveragePool', ['/block2/act/Relu_output_0']),
    scoped('Flatten', '/Flatten', ['/pool/GlobalAveragePool_output_0']),
    node('Gemm', ['/Flatten_output_0', 'fc.weight', 'fc.bias'], ['logits'], { transB: 1 }, '/fc/Gemm'),
  ];
  return model(
    graph({
      name: 'tiny_extractor',
      nodes,
      inputs: [valueInfo('image', 'float32', ['batch', 3, 32, 32])],
      outputs: [valueInfo('logits', 'float32', ['batch', 10])],
      initializers: [
        weight('stem.weight', [8, 3, 3, 3], 1),
        tensorToProto('stem.bias', randomF32([8], 2, 0.1)),
        weight('block1.conv.weight', [8, 8, 3, 3], 3),
        weight('block2.conv.weight', [16, 8, 3, 3], 4),
        weight('fc.weight', [10, 16], 5),
        tensorToProto('fc.bias', randomF32([10], 6, 0.1)),
      ],
    }),
  );
}

/**
 * A tiny generator: z [batch,16] and noise [batch,1,16,16] and class [batch] (int64) → fc → reshape 4² →
 * up0 (ConvTranspose s2, 8²) → up1 (Resize ×2 + conv, 16², + noise) → to_rgb (3×16²) → tanh.
 */
export function tinyGenerator(): ModelProto {
  const nodes = [
    node('Gather', ['embed.weight', 'class'], ['/embed/Gather_output_0'], {}, '/embed/Gather'),
    scoped('Gemm', '/fc/Gemm', ['z', 'fc.weight', 'fc.bias'], { transB: 1 }),
    scoped('Add', '/Add', ['/fc/Gemm_output_0', '/embed/Gather_output_0']),
    scoped('Reshape', '/Reshape', ['/Add_output_0', 'shape_4x4']),
    scoped('ConvTranspose', '/up0/conv/ConvTranspose', ['/Reshape_output_0', 'up0.conv.weight'], { strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [4, 4] }),
    scoped('Relu', '/up0/act/Relu', ['/up0/conv/ConvTranspose_output_0']),
    scoped('Resize', '/up1/up/Resize', ['/up0/act/Relu_output_0', '', 'scales2'], { mode: 'nearest' }),
    scoped('Conv', '/up1/conv/Conv', ['/up1/up/Resize_output_0', 'up1.conv.weight'], { pads: [1, 1, 1, 1] }),
    scoped('Add', '/up1/Add', ['/up1/conv/Conv_output_0', 'noise']),
    scoped('LeakyRelu', '/up1/act/LeakyRelu', ['/up1/Add_output_0'], { alpha: 0.2 }),
    scoped('Conv', '/to_rgb/Conv', ['/up1/act/LeakyRelu_output_0', 'to_rgb.weight'], { pads: [1, 1, 1, 1] }),
    node('Tanh', ['/to_rgb/Conv_output_0'], ['image_out'], {}, '/tanh/Tanh'),
  ];
  return model(
    graph({
      name: 'tiny_generator',
      nodes,
      inputs: [valueInfo('z', 'float32', ['batch', 16]), valueInfo('noise', 'float32', ['batch', 1, 16, 16]), valueInfo('class', 'int64', ['batch'])],
      outputs: [valueInfo('image_out', 'float32', ['batch', 3, 16, 16])],
      initializers: [
        weight('embed.weight', [4, 128], 11),
        weight('fc.weight', [128, 16], 12),
        tensorToProto('fc.bias', randomF32([128], 13, 0.1)),
        tensorToProto('shape_4x4', i64([4], [-1, 8, 4, 4])),
        weight('up0.conv.weight', [8, 8, 4, 4], 14),
        tensorToProto('scales2', f32([4], [1, 1, 2, 2])),
        weight('up1.conv.weight', [8, 8, 3, 3], 15),
        weight('to_rgb.weight', [3, 8, 3, 3], 16),
      ],
    }),
  );
}

/** A 1x1 conv whose weight passes through torch-style initializer copies (`onnx::Conv_12` Identity, then a Mul). */
export function weightCopyExtractor(): ModelProto {
  return model(
    graph({
      nodes: [
        node('Identity', ['conv.weight'], ['onnx::Conv_12'], {}, 'Identity_0'),
        node('Mul', ['onnx::Conv_12', 'two'], ['scaled_weight'], {}, 'Mul_0'),
        node('Conv', ['image', 'scaled_weight'], ['/conv/Conv_output_0'], { kernel_shape: [1, 1] }, '/conv/Conv'),
        node('Relu', ['/conv/Conv_output_0'], ['out'], {}, '/relu/Relu'),
      ],
      inputs: [valueInfo('image', 'float32', ['batch', 3, 8, 8])],
      outputs: [valueInfo('out', 'float32', ['batch', 4, 8, 8])],
      initializers: [tensorToProto('conv.weight', randomF32([4, 3, 1, 1], 3)), tensorToProto('two', f32([], [2]))],
    }),
  );
}
