/**
 * The stitch graphs. Names: the extractor prefix lives under `x/`, the generator suffix under `g/`, new nodes under
 * `stitch/`. The 1x1 convolution's weight and bias are graph inputs while training and initializers once saved.
 *
 *   extract:      image → x/ prefix → LayerX activation a
 *   train:        a, W, B, latents → conv1x1 → nearest resize → g/ suffix → [0,1] → bilinear resize → clamp →
 *                 normalise → x/ prefix → a′; loss = L1(a′, a)
 *   reconstruct:  image, latents → x/ prefix → conv1x1 → nearest resize → g/ suffix → [0,1]
 */
import type { ModelProto, NodeProto, TensorProto } from '../onnx/gen/onnx_pb';
import { graph, model, node, outputHW, valueInfo, type Fragment } from '../onnx/builder';
import { compose, cut, inject } from '../onnx/surgery';
import { f32, i64, tensorToProto } from '../onnx/tensor';
import type { ResolvedPair } from './pair';
import { badInput } from '../util/errors';

export const STITCH_TENSORS = {
  image: 'image',
  a: 'stitch/a',
  weight: 'stitch/weight',
  bias: 'stitch/bias',
  conv: 'stitch/conv',
  injected: 'stitch/injected',
  image01: 'stitch/image01',
  reprojected: 'stitch/reprojected',
  aPrime: 'stitch/a_prime',
  loss: 'stitch/loss',
  cosine: 'stitch/cosine',
  l1: 'stitch/l1',
} as const;

export interface Preprocess {
  inputName: string;
  inputSize: [number, number];
  mean: [number, number, number];
  std: [number, number, number];
}

export interface GeneratorSpec {
  /** Graph output holding the image (the first output when undefined). */
  output?: string;
  range: [number, number];
}

export interface StitchModels {
  extractor: ModelProto;
  generator: ModelProto;
  pair: ResolvedPair;
  pre: Preprocess;
  gen: GeneratorSpec;
}

function constant(name: string, dims: number[], values: number[]): TensorProto {
  return tensorToProto(name, f32(dims, values));
}

function int64Const(name: string, values: number[]): TensorProto {
  return tensorToProto(name, i64([values.length], values));
}

/** conv1x1 then nearest-neighbour resize to LayerY's spatial size (sizes computed in-graph: any batch size). */
function convAndResize(input: string, pair: ResolvedPair, withConv: boolean): Fragment {
  const [, hy, wy] = pair.toShape;
  const [, hx, wx] = pair.fromShape;
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [];
  const src = withConv ? STITCH_TENSORS.conv : input;
  if (withConv) nodes.push(node('Conv', [input, STITCH_TENSORS.weight, STITCH_TENSORS.bias], [STITCH_TENSORS.conv], { kernel_shape: [1, 1] }, 'stitch/Conv'));
  if (hx === hy && wx === wy) {
    nodes.push(node('Identity', [src], [STITCH_TENSORS.injected], {}, 'stitch/Identity'));
  } else {
    inits.push(int64Const('stitch/hw', [hy, wy]), int64Const('stitch/start', [0]), int64Const('stitch/end', [2]));
    nodes.push(
      node('Shape', [src], ['stitch/shape'], {}, 'stitch/Shape'),
      node('Slice', ['stitch/shape', 'stitch/start', 'stitch/end'], ['stitch/nc'], {}, 'stitch/Slice'),
      node('Concat', ['stitch/nc', 'stitch/hw'], ['stitch/sizes'], { axis: 0 }, 'stitch/Concat'),
      node('Resize', [src, '', '', 'stitch/sizes'], [STITCH_TENSORS.injected], {
        mode: 'nearest',
        coordinate_transformation_mode: 'asymmetric',
        nearest_mode: 'floor',
      }, 'stitch/ResizeNearest'),
    );
  }
  return { nodes, inits, out: STITCH_TENSORS.injected };
}

/** Generator output → [0,1] (linear map of its range). */
function toUnitRange(input: string, gen: GeneratorSpec): Fragment {
  const [lo, hi] = gen.range;
  return {
    nodes: [
      node('Sub', [input, 'stitch/range_lo'], ['stitch/shifted'], {}, 'stitch/SubLo'),
      node('Mul', ['stitch/shifted', 'stitch/range_inv'], [STITCH_TENSORS.image01], {}, 'stitch/MulRange'),
    ],
    inits: [constant('stitch/range_lo', [], [lo]), constant('stitch/range_inv', [], [1 / (hi - lo)])],
    out: STITCH_TENSORS.image01,
  };
}

/** [0,1] image → extractor input: bilinear resize (torch align_corners=False, no antialias), clamp, normalise. */
function reproject(input: string, outputHW: [number, number] | null, pre: Preprocess): Fragment {
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [];
  let cur = input;
  const [h, w] = pre.inputSize;
  if (!outputHW || outputHW[0] !== h || outputHW[1] !== w) {
    inits.push(int64Const('stitch/img_hw', [h, w]), int64Const('stitch/img_start', [0]), int64Const('stitch/img_end', [2]));
    nodes.push(
      node('Shape', [cur], ['stitch/img_shape'], {}, 'stitch/ImgShape'),
      node('Slice', ['stitch/img_shape', 'stitch/img_start', 'stitch/img_end'], ['stitch/img_nc'], {}, 'stitch/ImgSlice'),
      node('Concat', ['stitch/img_nc', 'stitch/img_hw'], ['stitch/img_sizes'], { axis: 0 }, 'stitch/ImgConcat'),
      node('Resize', [cur, '', '', 'stitch/img_sizes'], ['stitch/img_resized'], { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }, 'stitch/ResizeBilinear'),
    );
    cur = 'stitch/img_resized';
  }
  inits.push(
    constant('stitch/zero', [], [0]),
    constant('stitch/one', [], [1]),
    constant('stitch/mean', [1, 3, 1, 1], pre.mean),
    constant('stitch/inv_std', [1, 3, 1, 1], pre.std.map((s) => 1 / s)),
  );
  nodes.push(
    node('Clip', [cur, 'stitch/zero', 'stitch/one'], ['stitch/clamped'], {}, 'stitch/Clip'),
    node('Sub', ['stitch/clamped', 'stitch/mean'], ['stitch/centred'], {}, 'stitch/SubMean'),
    node('Mul', ['stitch/centred', 'stitch/inv_std'], [STITCH_TENSORS.reprojected], {}, 'stitch/MulInvStd'),
  );
  return { nodes, inits, out: STITCH_TENSORS.reprojected };
}

function generatorOutput(m: ModelProto, gen: GeneratorSpec): string {
  return gen.output ?? m.graph!.output[0]!.name;
}


/** image → LayerX activation. */
export function buildExtractModel(extractor: ModelProto, pair: ResolvedPair): ModelProto {
  return cut(extractor, pair.from.tensor);
}

/** Generator suffix from LayerY, as a part whose input `g/<LayerY>` is to be connected. */
function generatorSuffix(s: StitchModels): { model: ModelProto; output: string } {
  const suffix = inject(s.generator, s.pair.to.tensor);
  return { model: suffix, output: generatorOutput(s.generator, s.gen) };
}

export interface TrainingForward {
  model: ModelProto;
  /** Graph inputs the caller feeds besides a, weight and bias (latents, noise), with their prefixed names. */
  generatorInputs: string[];
}

/** The forward graph whose L1 loss the stitch minimises; its gradient w.r.t. weight and bias trains the conv. */
export function buildTrainingForward(s: StitchModels): TrainingForward {
  const prefix = cut(s.extractor, s.pair.from.tensor);
  const suffix = generatorSuffix(s);
  const [cx] = s.pair.fromShape;
  const [cy] = s.pair.toShape;
  const head = convAndResize(STITCH_TENSORS.a, s.pair, true);
  const unit = toUnitRange(`g/${suffix.output}`, s.gen);
  const back = reproject(unit.out, outputHW(s.generator, suffix.output), s.pre);
  const aPrime = `x/${s.pair.from.tensor}`;
  const lossNodes = [
    node('Sub', [aPrime, STITCH_TENSORS.a], ['stitch/diff'], {}, 'stitch/LossSub'),
    node('Abs', ['stitch/diff'], ['stitch/absdiff'], {}, 'stitch/LossAbs'),
    node('ReduceMean', ['stitch/absdiff'], [STITCH_TENSORS.loss], { keepdims: 0 }, 'stitch/LossMean'),
  ];
  const model = compose({
    name: 'stitch-train',
    parts: [
      { model: suffix.model, prefix: 'g/' },
      { model: prefix, prefix: 'x/' },
    ],
    nodes: [...head.nodes, ...unit.nodes, ...back.nodes, ...lossNodes],
    initializers: [...head.inits, ...unit.inits, ...back.inits],
    inputs: [
      valueInfo(STITCH_TENSORS.a, 'float32', ['batch', cx, s.pair.fromShape[1], s.pair.fromShape[2]]),
      valueInfo(STITCH_TENSORS.weight, 'float32', [cy, cx, 1, 1]),
      valueInfo(STITCH_TENSORS.bias, 'float32', [cy]),
    ],
    connect: { [`g/${s.pair.to.tensor}`]: head.out, [`x/${s.pre.inputName}`]: back.out },
    outputs: [STITCH_TENSORS.loss, aPrime, unit.out],
  });
  const fixed = new Set<string>([STITCH_TENSORS.a, STITCH_TENSORS.weight, STITCH_TENSORS.bias]);
  return { model, generatorInputs: model.graph!.input.map((i) => i.name).filter((n) => !fixed.has(n)) };
}

export interface ReconstructOptions {
  /** Skip the 1x1 conv: copy LayerX straight into LayerY (the paper's direct-copy ablation). */
  directCopy?: boolean;
  /** Trained conv parameters, stored as initializers. */
  weight?: Float32Array;
  bias?: Float32Array;
}

/** image, latents → reconstruction in [0,1]: the real-time inversion, one forward pass. */
export function buildReconstructModel(s: StitchModels, options: ReconstructOptions = {}): ModelProto {
  const prefix = cut(s.extractor, s.pair.from.tensor);
  const suffix = generatorSuffix(s);
  const [cx] = s.pair.fromShape;
  const [cy] = s.pair.toShape;
  const direct = options.directCopy ?? false;
  if (direct && cx !== cy) {
    throw badInput(
      `Direct copy needs equal channel counts, but ${s.pair.fromName} has ${cx} channels and ${s.pair.toName} has ${cy}.`,
      { tensor: s.pair.from.tensor, shape: s.pair.fromShape, hint: 'Train a stitch (the 1x1 conv maps between channel counts), or pick layers with equal channels.' },
    );
  }
  const head = convAndResize(`x/${s.pair.from.tensor}`, s.pair, !direct);
  const unit = toUnitRange(`g/${suffix.output}`, s.gen);
  const inits = [...head.inits, ...unit.inits];
  if (!direct) {
    if (!options.weight || !options.bias) throw new Error('buildReconstructModel needs the trained weight and bias');
    inits.push(tensorToProto(STITCH_TENSORS.weight, f32([cy, cx, 1, 1], options.weight)), tensorToProto(STITCH_TENSORS.bias, f32([cy], options.bias)));
  }
  return compose({
    name: direct ? 'stitch-direct-copy' : 'stitch-reconstruct',
    parts: [
      { model: prefix, prefix: 'x/' },
      { model: suffix.model, prefix: 'g/' },
    ],
    nodes: [...head.nodes, ...unit.nodes, node('Identity', [unit.out], ['reconstruction'], {}, 'stitch/Output')],
    initializers: inits,
    connect: { [`g/${s.pair.to.tensor}`]: head.out },
    outputs: ['reconstruction'],
  });
}

/**
 * For the closed-form initialisation: latents → the generator's own LayerY activation and its image passed back
 * through the extractor to LayerX. Outputs `g/<LayerY>` and `x/<LayerX>`.
 */
export function buildGeneratedPairsModel(s: StitchModels): ModelProto {
  const out = generatorOutput(s.generator, s.gen);
  const gen = cut(s.generator, [s.pair.to.tensor, out]);
  const prefix = cut(s.extractor, s.pair.from.tensor);
  const unit = toUnitRange(`g/${out}`, s.gen);
  const back = reproject(unit.out, outputHW(s.generator, out), s.pre);
  return compose({
    name: 'stitch-generated-pairs',
    parts: [
      { model: gen, prefix: 'g/' },
      { model: prefix, prefix: 'x/' },
    ],
    nodes: [...unit.nodes, ...back.nodes],
    initializers: [...unit.inits, ...back.inits],
    connect: { [`x/${s.pre.inputName}`]: back.out },
    outputs: [`g/${s.pair.to.tensor}`, `x/${s.pair.from.tensor}`],
  });
}

/** The trained conv alone, LayerX activation → LayerY channels: the small ONNX a run folder keeps. */
export function buildConvModel(pair: ResolvedPair, weight: Float32Array, bias: Float32Array): ModelProto {
  const [cx, hx, wx] = pair.fromShape;
  const [cy] = pair.toShape;
  return model(
    graph({
      name: 'stitch-conv',
      nodes: [node('Conv', ['activation', STITCH_TENSORS.weight, STITCH_TENSORS.bias], ['stitched'], { kernel_shape: [1, 1] }, 'stitch/Conv')],
      initializers: [tensorToProto(STITCH_TENSORS.weight, f32([cy, cx, 1, 1], weight)), tensorToProto(STITCH_TENSORS.bias, f32([cy], bias))],
      inputs: [valueInfo('activation', 'float32', ['batch', cx, hx, wx])],
      outputs: [valueInfo('stitched', 'float32', ['batch', cy, hx, wx])],
    }),
  );
}
