/**
 * The appendix experiment's forward graph (paper Alg. 1): two vectors v1 (blue cells) and v2 (white cells) are
 * expanded over LayerX by a constant grid mask in-graph, run through the generator suffix, mapped to [0, 1], resized
 * and normalised for the feature extractor, cut at LayerY, and averaged over H×W:
 *
 *   vec/v1, vec/v2 [B, C] → a = v1·mask + v2·(1 − mask) → g/ suffix → [0,1] → (resize) → normalise → x/ prefix
 *   → GlobalAveragePool → vec/mean [B, Cy];  loss = L1(vec/mean, vec/target)
 *
 * The [0, 1] image is not clamped (a clamp would stop gradients at the range ends; tanh outputs never leave it).
 */
import type { ModelProto, NodeProto, TensorProto } from '../onnx/gen/onnx_pb';
import type { NetworkConfig } from '../config/types';
import { node, outputHW, valueInfo } from '../onnx/builder';
import { compose, cut, inject } from '../onnx/surgery';
import { f32, i64, tensorToProto } from '../onnx/tensor';
import { buildGradient, type GradientModel } from '../autodiff/builder';
import { withLoss } from '../losses/withloss';
import { gridMask } from './grid';
import type { VectorSetup } from './setup';

export const APPENDIX_TENSORS = { v1: 'vec/v1', v2: 'vec/v2', target: 'vec/target', mean: 'vec/mean', loss: 'vec/loss' } as const;

export interface AppendixGraph {
  gradient: GradientModel;
  /** Inputs fed from the generator's own feeds (noise after LayerX), prefixed 'g/'. */
  generatorInputs: string[];
}


/** Forward + loss + gradient w.r.t. v1 and v2, for grid size k (0: the mask is all blue, v2 unused). */
export function buildAppendixGraph(setup: VectorSetup, extractor: ModelProto, net: NetworkConfig, layerYTensor: string, k: number, imageHW: [number, number]): AppendixGraph {
  const [c, h, w] = setup.shape;
  const suffix = inject(setup.generator, setup.layer.tensor);
  const prefix = cut(extractor, layerYTensor);
  const mask = gridMask(h, w, k).data;
  const inv = mask.map((v) => 1 - v);
  const inits: TensorProto[] = [
    tensorToProto('vec/mask', f32([1, 1, h, w], mask)),
    tensorToProto('vec/inv_mask', f32([1, 1, h, w], inv)),
    tensorToProto('vec/vshape', i64([4], [-1, c, 1, 1])),
    tensorToProto('vec/lo', f32([], [setup.range[0]])),
    tensorToProto('vec/inv_range', f32([], [1 / (setup.range[1] - setup.range[0])])),
    tensorToProto('vec/mean_rgb', f32([1, 3, 1, 1], net.mean)),
    tensorToProto('vec/inv_std', f32([1, 3, 1, 1], net.std.map((s) => 1 / s))),
  ];
  const nodes: NodeProto[] = [
    node('Reshape', [APPENDIX_TENSORS.v1, 'vec/vshape'], ['vec/v1_4d'], {}, 'vec/ReshapeV1'),
    node('Reshape', [APPENDIX_TENSORS.v2, 'vec/vshape'], ['vec/v2_4d'], {}, 'vec/ReshapeV2'),
    node('Mul', ['vec/v1_4d', 'vec/mask'], ['vec/blue'], {}, 'vec/MulBlue'),
    node('Mul', ['vec/v2_4d', 'vec/inv_mask'], ['vec/white'], {}, 'vec/MulWhite'),
    node('Add', ['vec/blue', 'vec/white'], ['vec/a'], {}, 'vec/AddCells'),
    node('Sub', [`g/${setup.output}`, 'vec/lo'], ['vec/shifted'], {}, 'vec/SubLo'),
    node('Mul', ['vec/shifted', 'vec/inv_range'], ['vec/image01'], {}, 'vec/MulRange'),
  ];
  let img = 'vec/image01';
  const [H, W] = net.inputSize;
  const out = outputHW(setup.generator, setup.output) ?? imageHW;
  if (out[0] !== H || out[1] !== W) {
    inits.push(tensorToProto('vec/scales', f32([4], [1, 1, H / out[0], W / out[1]])));
    nodes.push(node('Resize', [img, '', 'vec/scales'], ['vec/resized'], { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }, 'vec/Resize'));
    img = 'vec/resized';
  }
  nodes.push(
    node('Sub', [img, 'vec/mean_rgb'], ['vec/centred'], {}, 'vec/SubMean'),
    node('Mul', ['vec/centred', 'vec/inv_std'], ['vec/normalised'], {}, 'vec/MulInvStd'),
    node('GlobalAveragePool', [`x/${layerYTensor}`], ['vec/pooled'], {}, 'vec/Pool'),
    node('Flatten', ['vec/pooled'], [APPENDIX_TENSORS.mean], { axis: 1 }, 'vec/Flatten'),
  );
  const forward = compose({
    name: 'vectors-appendix',
    parts: [
      { model: suffix, prefix: 'g/' },
      { model: prefix, prefix: 'x/' },
    ],
    nodes,
    initializers: inits,
    inputs: [valueInfo(APPENDIX_TENSORS.v1, 'float32', ['batch', c]), valueInfo(APPENDIX_TENSORS.v2, 'float32', ['batch', c])],
    connect: { [`g/${setup.layer.tensor}`]: 'vec/a', [`x/${net.input}`]: 'vec/normalised' },
    outputs: [APPENDIX_TENSORS.mean],
  });
  const withL1 = withLoss(forward, [{ kind: 'l1', at: APPENDIX_TENSORS.mean, target: APPENDIX_TENSORS.target }], APPENDIX_TENSORS.loss);
  const gradient = buildGradient(withL1.model, { loss: withL1.loss, wrt: [APPENDIX_TENSORS.v1, APPENDIX_TENSORS.v2], keep: [APPENDIX_TENSORS.mean] });
  const fixed = new Set<string>([APPENDIX_TENSORS.v1, APPENDIX_TENSORS.v2, APPENDIX_TENSORS.target]);
  const generatorInputs = gradient.model.graph!.input.map((i) => i.name).filter((n) => !fixed.has(n) && n.startsWith('g/'));
  return { gradient, generatorInputs };
}
