import type { LayerInfo, ModelAnalysis } from '../../src/protocol/model';

function layer(name: string, op: string, shape: number[] | null, distance: number | null, aliases: string[] = []): LayerInfo {
  return {
    tensor: `/${name.replace(/\./g, '/')}/${op}_output_0`,
    name,
    aliases,
    op,
    node: `/${name}/${op}`,
    dtype: 'float32',
    shape,
    spatial: shape && shape.length === 4 ? [shape[2]!, shape[3]!] : null,
    samplingDistance: distance,
    shapeSource: 'static',
  };
}

/** What the engine would send for a small ResNet-like extractor. */
export const analysisFixture: ModelAnalysis = {
  summary: {
    file: '/work/models/resnet-mini.onnx',
    producer: 'pytorch 1.13.1',
    irVersion: 8,
    opsets: [{ domain: 'ai.onnx', version: 17 }],
    kind: 'extractor',
    inputs: [{ name: 'image', dtype: 'float32', shape: ['batch', 3, 64, 64], role: 'image' }],
    outputs: [{ name: 'logits', dtype: 'float32', shape: ['batch', 10] }],
    initializerCount: 12,
    parameterCount: 1_234_567,
    nodeCount: 6,
    opCounts: { Conv: 3, Relu: 2, Gemm: 1 },
  },
  layers: [
    layer('conv1', 'Conv', [1, 16, 32, 32], 1),
    layer('relu', 'Relu', [1, 16, 32, 32], 1),
    layer('layer1.0.conv1', 'Conv', [1, 32, 16, 16], 2),
    layer('layer1.0.relu', 'Relu', [1, 32, 16, 16], 2, ['layer1']),
    layer('layer2.0.conv1', 'Conv', [1, 64, 8, 8], 3, ['layer2']),
    layer('fc', 'Gemm', [1, 10], null),
  ],
};

/** A 4×4 RGB PNG, base64: a stand-in image for views that show tiles. */
export const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==';
