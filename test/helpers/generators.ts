/**
 * Small generators built the way torch.onnx names the real architectures, for default-layer and alias checks:
 * a StyleGAN2-like synthesis network (learned 4×4 constant modulated by styles, blocks returning features and an RGB
 * skip image) and a BigGAN-like one (class embedding by MatMul before the dense `linear` and its reshape to 4×4).
 */
import { graph, model, node, valueInfo } from '../../src/engine/onnx/builder';
import { f32, i64, tensorToProto } from '../../src/engine/onnx/tensor';
import type { ModelProto, NodeProto, TensorProto } from '../../src/engine/onnx/gen/onnx_pb';
import { randomF32 } from './models';

const out = (scope: string): string => `${scope}_output_0`;
const op = (type: string, scope: string, inputs: string[], attrs: Parameters<typeof node>[3] = {}): NodeProto => node(type, inputs, [out(scope)], attrs, scope);

function w(name: string, dims: number[], seed: number): TensorProto {
  const fanIn = dims.slice(1).reduce((a, b) => a * b, 1) || 1;
  return tensorToProto(name, randomF32(dims, seed, Math.sqrt(3 / fanIn)));
}

/**
 * w [N, 8] → b4: const [1,8,4,4] × styles (affine Gemm, unsqueezed: modulation by broadcast) → conv1 → lrelu; torgb →
 * img4. b8: features ×2 → conv0 → conv1 → torgb; img4 ×2 + torgb → `image` [N, 3, 8, 8]. b8's features leave nowhere.
 */
export function tinyStyleGenerator(options: { latent: 'w' | 'z' } = { latent: 'w' }): ModelProto {
  const z = options.latent === 'z';
  const nodes = [
    ...(z ? mappingNodes() : []),
    op('Gemm', '/synthesis/b4/conv1/affine/Gemm', [z ? 'ws' : 'w', 'b4.affine.weight'], { transB: 1 }),
    op('Unsqueeze', '/synthesis/b4/conv1/Unsqueeze', [out('/synthesis/b4/conv1/affine/Gemm'), 'axes23']),
    op('Mul', '/synthesis/b4/conv1/Mul', ['b4.const', out('/synthesis/b4/conv1/Unsqueeze')]),
    op('Conv', '/synthesis/b4/conv1/Conv', [out('/synthesis/b4/conv1/Mul'), 'b4.conv1.weight'], { pads: [1, 1, 1, 1] }),
    op('LeakyRelu', '/synthesis/b4/conv1/LeakyRelu', [out('/synthesis/b4/conv1/Conv')], { alpha: 0.2 }),
    op('Conv', '/synthesis/b4/torgb/Conv', [out('/synthesis/b4/conv1/LeakyRelu'), 'b4.torgb.weight']),
    op('Resize', '/synthesis/b8/Resize', [out('/synthesis/b4/conv1/LeakyRelu'), '', 'scales2'], { mode: 'nearest' }),
    op('Conv', '/synthesis/b8/conv0/Conv', [out('/synthesis/b8/Resize'), 'b8.conv0.weight'], { pads: [1, 1, 1, 1] }),
    op('LeakyRelu', '/synthesis/b8/conv0/LeakyRelu', [out('/synthesis/b8/conv0/Conv')], { alpha: 0.2 }),
    op('Conv', '/synthesis/b8/conv1/Conv', [out('/synthesis/b8/conv0/LeakyRelu'), 'b8.conv1.weight'], { pads: [1, 1, 1, 1] }),
    op('LeakyRelu', '/synthesis/b8/conv1/LeakyRelu', [out('/synthesis/b8/conv1/Conv')], { alpha: 0.2 }),
    op('Conv', '/synthesis/b8/torgb/Conv', [out('/synthesis/b8/conv1/LeakyRelu'), 'b8.torgb.weight']),
    op('Resize', '/synthesis/b8/Resize_1', [out('/synthesis/b4/torgb/Conv'), '', 'scales2'], { mode: 'nearest' }),
    node('Add', [out('/synthesis/b8/Resize_1'), out('/synthesis/b8/torgb/Conv')], ['image'], {}, '/synthesis/b8/Add'),
  ];
  return model(
    graph({
      name: 'tiny_stylegan2',
      nodes,
      inputs: [valueInfo(options.latent, 'float32', ['batch', 8])],
      outputs: [valueInfo('image', 'float32', ['batch', 3, 'Addimage_dim_2', 'Addimage_dim_3'])],
      initializers: [
        ...(z ? mappingWeights() : []),
        w('b4.affine.weight', [8, 8], 1),
        tensorToProto('axes23', i64([2], [2, 3])),
        tensorToProto('b4.const', randomF32([1, 8, 4, 4], 2)),
        w('b4.conv1.weight', [8, 8, 3, 3], 3),
        w('b4.torgb.weight', [3, 8, 1, 1], 4),
        tensorToProto('scales2', f32([4], [1, 1, 2, 2])),
        w('b8.conv0.weight', [8, 8, 3, 3], 5),
        w('b8.conv1.weight', [8, 8, 3, 3], 6),
        w('b8.torgb.weight', [3, 8, 1, 1], 7),
      ],
    }),
  );
}

/** StyleGAN's mapping network in small: z [N, 8] → fc0 → lrelu → fc1 → lrelu → `ws`. */
function mappingNodes(): NodeProto[] {
  return [
    op('Gemm', '/mapping/fc0/Gemm', ['z', 'mapping.fc0.weight', 'mapping.fc0.bias'], { transB: 1 }),
    op('LeakyRelu', '/mapping/fc0/LeakyRelu', [out('/mapping/fc0/Gemm')], { alpha: 0.2 }),
    op('Gemm', '/mapping/fc1/Gemm', [out('/mapping/fc0/LeakyRelu'), 'mapping.fc1.weight', 'mapping.fc1.bias'], { transB: 1 }),
    node('LeakyRelu', [out('/mapping/fc1/Gemm')], ['ws'], { alpha: 0.2 }, '/mapping/fc1/LeakyRelu'),
  ];
}

function mappingWeights(): TensorProto[] {
  return [
    w('mapping.fc0.weight', [8, 8], 21),
    tensorToProto('mapping.fc0.bias', randomF32([8], 22, 0.5)),
    w('mapping.fc1.weight', [8, 8], 23),
    tensorToProto('mapping.fc1.bias', randomF32([8], 24, 0.5)),
  ];
}

/** z [N, 8], y [N, 4] one-hot: shared embedding (MatMul) first, concat with z, `linear` → view 4×4 → conv → tanh, 8×8. */
export function tinyBigGanGenerator(): ModelProto {
  const nodes = [
    op('MatMul', '/shared/MatMul', ['y', 'shared.weight']),
    op('Concat', '/Concat', ['z', out('/shared/MatMul')], { axis: 1 }),
    op('Gemm', '/linear/Gemm', [out('/Concat'), 'linear.weight', 'linear.bias'], { transB: 1 }),
    op('Reshape', '/Reshape', [out('/linear/Gemm'), 'shape_4x4']),
    op('Relu', '/blocks.0/activation/Relu', [out('/Reshape')]),
    op('Resize', '/blocks.0/Resize', [out('/blocks.0/activation/Relu'), '', 'scales2'], { mode: 'nearest' }),
    op('Conv', '/blocks.0/conv1/Conv', [out('/blocks.0/Resize'), 'conv1.weight'], { pads: [1, 1, 1, 1] }),
    op('Conv', '/output_layer/Conv', [out('/blocks.0/conv1/Conv'), 'rgb.weight']),
    node('Tanh', [out('/output_layer/Conv')], ['image'], {}, '/Tanh'),
  ];
  return model(
    graph({
      name: 'tiny_biggan',
      nodes,
      inputs: [valueInfo('z', 'float32', ['batch', 8]), valueInfo('y', 'float32', ['batch', 4])],
      outputs: [valueInfo('image', 'float32', ['batch', 3, 'Tanhimage_dim_2', 'Tanhimage_dim_3'])],
      initializers: [
        w('shared.weight', [4, 8], 1),
        w('linear.weight', [128, 16], 2),
        tensorToProto('linear.bias', randomF32([128], 3, 0.1)),
        tensorToProto('shape_4x4', i64([4], [-1, 8, 4, 4])),
        tensorToProto('scales2', f32([4], [1, 1, 2, 2])),
        w('conv1.weight', [8, 8, 3, 3], 4),
        w('rgb.weight', [3, 8, 1, 1], 5),
      ],
    }),
  );
}
