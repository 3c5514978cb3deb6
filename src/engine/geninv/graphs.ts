/**
 * The inversion graphs. The generator G = G2 ∘ G1 is split at layer l: G1 = cut(G, l), G2 = inject(G, l). Generator
 * tensors live under `g/`, the feature network C under `c/`, new nodes under `inv/`.
 *
 *   latent step:  z → G1 → h → G2 → x̂ (in [0,1]);  per image  r = λ_mse·mean(x̂ − x)² + λ_feat·mean(C(x̂) − C(x))²,
 *                 loss = Σ_images r + λ_z·Σ z²
 *   delta step:   h0, δ → h0 + δ → G2 → x̂;  loss = Σ_images r + λ_δ·Σ|δ|
 *   suffix:       h → G2 → x̂           attention: h → G2's prefix → attention map        features: x → C(x)
 *
 * Means are over each image's elements (MSE per pixel, feature distance per feature element), so λ_feat weighs a
 * per-element squared feature distance against a per-pixel one; the regularisers are plain sums over z and δ.
 */
import type { ModelProto, NodeProto, TensorProto } from '../onnx/gen/onnx_pb';
import { node, valueInfo, type Fragment } from '../onnx/builder';
import { compose, cut, inject } from '../onnx/surgery';
import { f32, i64, tensorToProto } from '../onnx/tensor';

export const INVERSION_TENSORS = {
  target: 'inv/target',
  targetFeatures: 'inv/target_features',
  image01: 'inv/image01',
  mse: 'inv/mse',
  features: 'inv/feature_distance',
  recon: 'inv/reconstruction_error',
  loss: 'inv/loss',
  h0: 'inv/h0',
  delta: 'inv/delta',
  h: 'inv/h',
  attention: 'inv/attention',
} as const;

/** The generator as the graphs need it. */
export interface GeneratorSplit {
  generator: ModelProto;
  /** The tensor at which G is split (output of G1, input of G2). */
  layer: string;
  /** The generator's image output. */
  output: string;
  /** [H, W] of the image output. */
  outputSize: [number, number];
  range: [number, number];
  /** Graph inputs (unprefixed) that carry latents to optimise in the latent step. */
  latents: string[];
}

/** The feature network C of the reconstruction error, cut at one tensor. */
export interface FeatureNet {
  model: ModelProto;
  input: string;
  tensor: string;
  inputSize: [number, number];
  mean: [number, number, number];
  std: [number, number, number];
  /** Elements of C(x) per image. */
  size: number;
}

export interface LossWeights {
  mse: number;
  feat: number;
  /** λ1 of the latent step (Gaussian prior). */
  z: number;
  /** λ2 of the delta step (L1 on δ). */
  delta: number;
}


const scalar = (name: string, v: number): TensorProto => tensorToProto(name, f32([], [v]));
const ints = (name: string, v: number[]): TensorProto => tensorToProto(name, i64([v.length], v));

function chwCount(size: [number, number]): number {
  return 3 * size[0] * size[1];
}

/** Generator output → [0,1]. */
function toUnit(gOut: string, range: [number, number]): Fragment {
  const [lo, hi] = range;
  return {
    nodes: [
      node('Sub', [gOut, 'inv/range_lo'], ['inv/shifted'], {}, 'inv/SubLo'),
      node('Mul', ['inv/shifted', 'inv/range_inv'], [INVERSION_TENSORS.image01], {}, 'inv/MulRange'),
    ],
    inits: [scalar('inv/range_lo', lo), scalar('inv/range_inv', 1 / (hi - lo))],
    out: INVERSION_TENSORS.image01,
  };
}

/** Per-image mean of d² over all non-batch elements: Flatten, ReduceSum over axis 1, × 1/count. Output [N]. */
function perImageMeanSquare(d: string, count: number, out: string, tag: string): Fragment {
  return {
    nodes: [
      node('Mul', [d, d], [`inv/${tag}_sq`], {}, `inv/${tag}Square`),
      node('Flatten', [`inv/${tag}_sq`], [`inv/${tag}_flat`], { axis: 1 }, `inv/${tag}Flatten`),
      node('ReduceSum', [`inv/${tag}_flat`, 'inv/axis1'], [`inv/${tag}_sum`], { keepdims: 0 }, `inv/${tag}Sum`),
      node('Mul', [`inv/${tag}_sum`, `inv/${tag}_inv_count`], [out], {}, `inv/${tag}Mean`),
    ],
    inits: [scalar(`inv/${tag}_inv_count`, 1 / count)],
    out,
  };
}

/** [0,1] image → the feature network's input: bilinear resize to its size (if needed), clamp, normalise. */
function reproject(image: string, fromSize: [number, number], c: FeatureNet, out: string): Fragment {
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [];
  let cur = image;
  const [h, w] = c.inputSize;
  if (fromSize[0] !== h || fromSize[1] !== w) {
    inits.push(ints('inv/c_hw', [h, w]), ints('inv/c_start', [0]), ints('inv/c_end', [2]));
    nodes.push(
      node('Shape', [cur], ['inv/c_shape'], {}, 'inv/CShape'),
      node('Slice', ['inv/c_shape', 'inv/c_start', 'inv/c_end'], ['inv/c_nc'], {}, 'inv/CSlice'),
      node('Concat', ['inv/c_nc', 'inv/c_hw'], ['inv/c_sizes'], { axis: 0 }, 'inv/CConcat'),
      node('Resize', [cur, '', '', 'inv/c_sizes'], ['inv/c_resized'], { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }, 'inv/CResize'),
    );
    cur = 'inv/c_resized';
  }
  inits.push(
    scalar('inv/zero', 0),
    scalar('inv/one', 1),
    tensorToProto('inv/mean', f32([1, 3, 1, 1], c.mean)),
    tensorToProto('inv/inv_std', f32([1, 3, 1, 1], c.std.map((s) => 1 / s))),
  );
  nodes.push(
    node('Clip', [cur, 'inv/zero', 'inv/one'], ['inv/c_clamped'], {}, 'inv/CClip'),
    node('Sub', ['inv/c_clamped', 'inv/mean'], ['inv/c_centred'], {}, 'inv/CSubMean'),
    node('Mul', ['inv/c_centred', 'inv/inv_std'], [out], {}, 'inv/CMulInvStd'),
  );
  return { nodes, inits, out };
}

/**
 * x̂ (inv/image01) and the targets → per-image reconstruction error (inv/reconstruction_error, [N]) and its
 * parts inv/mse and inv/feature_distance. Adds the feature network as a part when λ_feat > 0.
 */
function reconstructionError(g: GeneratorSplit, c: FeatureNet | undefined, w: Pick<LossWeights, 'mse' | 'feat'>): {
  fragment: Fragment;
  parts: { model: ModelProto; prefix: string }[];
  connect: Record<string, string>;
  inputs: ReturnType<typeof valueInfo>[];
} {
  const [h, wd] = g.outputSize;
  const mse = perImageMeanSquare('inv/diff', chwCount(g.outputSize), INVERSION_TENSORS.mse, 'mse');
  const nodes: NodeProto[] = [node('Sub', [INVERSION_TENSORS.image01, INVERSION_TENSORS.target], ['inv/diff'], {}, 'inv/Diff'), ...mse.nodes];
  const inits: TensorProto[] = [...mse.inits, ints('inv/axis1', [1]), scalar('inv/w_mse', w.mse)];
  const inputs = [valueInfo(INVERSION_TENSORS.target, 'float32', ['batch', 3, h, wd])];
  const parts: { model: ModelProto; prefix: string }[] = [];
  const connect: Record<string, string> = {};
  const useFeatures = !!c && w.feat > 0;
  nodes.push(node('Mul', [INVERSION_TENSORS.mse, 'inv/w_mse'], ['inv/weighted_mse'], {}, 'inv/WeightMse'));
  if (useFeatures) {
    const re = reproject(INVERSION_TENSORS.image01, g.outputSize, c, 'inv/c_input');
    const fd = perImageMeanSquare('inv/feat_diff', c.size, INVERSION_TENSORS.features, 'feat');
    parts.push({ model: cut(c.model, c.tensor), prefix: 'c/' });
    connect[`c/${c.input}`] = 'inv/c_input';
    inputs.push(valueInfo(INVERSION_TENSORS.targetFeatures, 'float32'));
    nodes.push(
      ...re.nodes,
      node('Sub', [`c/${c.tensor}`, INVERSION_TENSORS.targetFeatures], ['inv/feat_diff'], {}, 'inv/FeatDiff'),
      ...fd.nodes,
      node('Mul', [INVERSION_TENSORS.features, 'inv/w_feat'], ['inv/weighted_feat'], {}, 'inv/WeightFeat'),
      node('Add', ['inv/weighted_mse', 'inv/weighted_feat'], [INVERSION_TENSORS.recon], {}, 'inv/Recon'),
    );
    inits.push(...re.inits, ...fd.inits, scalar('inv/w_feat', w.feat));
  } else {
    nodes.push(node('Identity', ['inv/weighted_mse'], [INVERSION_TENSORS.recon], {}, 'inv/Recon'));
  }
  return { fragment: { nodes, inits, out: INVERSION_TENSORS.recon }, parts, connect, inputs };
}

/** Σ_images r + λ·Σ f(x) with f = x² (prior on z) or |x| (sparsity of δ), summed over every element. */
function totalLoss(regularised: string[], kind: 'square' | 'abs', weight: number): Fragment {
  const nodes: NodeProto[] = [node('ReduceSum', [INVERSION_TENSORS.recon], ['inv/recon_total'], { keepdims: 0 }, 'inv/ReconTotal')];
  const terms = ['inv/recon_total'];
  regularised.forEach((t, i) => {
    const f = `inv/reg_f${i}`;
    nodes.push(
      kind === 'square' ? node('Mul', [t, t], [f], {}, `inv/RegSquare${i}`) : node('Abs', [t], [f], {}, `inv/RegAbs${i}`),
      node('ReduceSum', [f], [`inv/reg_sum${i}`], { keepdims: 0 }, `inv/RegSum${i}`),
      node('Mul', [`inv/reg_sum${i}`, 'inv/w_reg'], [`inv/reg${i}`], {}, `inv/RegWeight${i}`),
    );
    terms.push(`inv/reg${i}`);
  });
  nodes.push(terms.length === 1 ? node('Identity', terms, [INVERSION_TENSORS.loss], {}, 'inv/Loss') : node('Sum', terms, [INVERSION_TENSORS.loss], {}, 'inv/Loss'));
  return { nodes, inits: regularised.length > 0 ? [scalar('inv/w_reg', weight)] : [], out: INVERSION_TENSORS.loss };
}

/** Step 1: latents (g/<latent>) and the target(s) → loss, per-image errors, x̂ and h = G1(z) (as g/<layer>). */
export function buildLatentStepForward(g: GeneratorSplit, c: FeatureNet | undefined, w: LossWeights): ModelProto {
  const full = cut(g.generator, [g.layer, g.output]);
  const unit = toUnit(`g/${g.output}`, g.range);
  const err = reconstructionError(g, c, w);
  const total = totalLoss(g.latents.map((l) => `g/${l}`), 'square', w.z);
  return compose({
    name: 'geninv-latent-step',
    parts: [{ model: full, prefix: 'g/' }, ...err.parts],
    nodes: [...unit.nodes, ...err.fragment.nodes, ...total.nodes],
    initializers: [...unit.inits, ...err.fragment.inits, ...total.inits],
    inputs: err.inputs,
    connect: err.connect,
    outputs: [INVERSION_TENSORS.loss, INVERSION_TENSORS.recon, INVERSION_TENSORS.mse, INVERSION_TENSORS.image01, `g/${g.layer}`],
  });
}

/**
 * Step 2: h0 = G1(z*), δ and the target(s) → loss, per-image errors, x̂ and h = h0 + δ. The loss is the
 * reconstruction error alone: λ2‖δ‖₁ is not differentiable at 0, so the optimisers add it on the host (Adam as
 * λ2·sign(δ), OWL-QN through its pseudo-gradient).
 */
export function buildDeltaStepForward(g: GeneratorSplit, c: FeatureNet | undefined, w: Omit<LossWeights, 'delta'>, layerShape: number[]): ModelProto {
  const suffix = inject(g.generator, g.layer);
  const unit = toUnit(`g/${g.output}`, g.range);
  const err = reconstructionError(g, c, w);
  const total = totalLoss([], 'abs', 0); // Σ_images r only
  return compose({
    name: 'geninv-delta-step',
    parts: [{ model: suffix, prefix: 'g/' }, ...err.parts],
    nodes: [node('Add', [INVERSION_TENSORS.h0, INVERSION_TENSORS.delta], [INVERSION_TENSORS.h], {}, 'inv/AddDelta'), ...unit.nodes, ...err.fragment.nodes, ...total.nodes],
    initializers: [...unit.inits, ...err.fragment.inits, ...total.inits],
    inputs: [valueInfo(INVERSION_TENSORS.h0, 'float32', ['batch', ...layerShape]), valueInfo(INVERSION_TENSORS.delta, 'float32', ['batch', ...layerShape]), ...err.inputs],
    connect: { ...err.connect, [`g/${g.layer}`]: INVERSION_TENSORS.h },
    outputs: [INVERSION_TENSORS.loss, INVERSION_TENSORS.recon, INVERSION_TENSORS.mse, INVERSION_TENSORS.image01, INVERSION_TENSORS.h],
  });
}

/** z → x̂ in [0,1] and h = G1(z): sampling generated targets and the latent-space reconstruction. */
export function buildGenerateModel(g: GeneratorSplit): ModelProto {
  const unit = toUnit(`g/${g.output}`, g.range);
  return compose({
    name: 'geninv-generate',
    parts: [{ model: cut(g.generator, [g.layer, g.output]), prefix: 'g/' }],
    nodes: unit.nodes,
    initializers: unit.inits,
    outputs: [INVERSION_TENSORS.image01, `g/${g.layer}`],
  });
}

/** h → G2(h) in [0,1]: interpolation in the layer's space. Input `g/<layer>`. */
export function buildSuffixModel(g: GeneratorSplit): ModelProto {
  const unit = toUnit(`g/${g.output}`, g.range);
  return compose({
    name: 'geninv-suffix',
    parts: [{ model: inject(g.generator, g.layer), prefix: 'g/' }],
    nodes: unit.nodes,
    initializers: unit.inits,
    outputs: [INVERSION_TENSORS.image01],
  });
}

/** h → the attention tensor of G2 (and x̂). Input `g/<layer>`. */
export function buildAttentionModel(g: GeneratorSplit, attention: string): ModelProto {
  const unit = toUnit(`g/${g.output}`, g.range);
  return compose({
    name: 'geninv-attention',
    parts: [{ model: inject(g.generator, g.layer), prefix: 'g/' }],
    nodes: [...unit.nodes, node('Identity', [`g/${attention}`], [INVERSION_TENSORS.attention], {}, 'inv/Attention')],
    initializers: unit.inits,
    outputs: [INVERSION_TENSORS.attention, INVERSION_TENSORS.image01],
  });
}

/** A [0,1] image at the generator's output size → C(x), the target features. */
export function buildFeatureModel(c: FeatureNet, imageSize: [number, number]): ModelProto {
  const re = reproject(INVERSION_TENSORS.target, imageSize, c, 'inv/c_input');
  return compose({
    name: 'geninv-features',
    parts: [{ model: cut(c.model, c.tensor), prefix: 'c/' }],
    nodes: re.nodes,
    initializers: re.inits,
    inputs: [valueInfo(INVERSION_TENSORS.target, 'float32', ['batch', 3, imageSize[0], imageSize[1]])],
    connect: { [`c/${c.input}`]: 'inv/c_input' },
    outputs: [`c/${c.tensor}`],
  });
}
