/**
 * The gradient-descent inversion graphs (Algorithm 1 of Herdt et al. 2023): z′ → h (parametrisation) → σ → normalise
 * → g (jitter) → extractor prefix → L1 against the target activation. Everything is an ordinary forward graph;
 * buildGradient differentiates it with respect to z′. Jitter enters as three inputs fed each step, so one graph
 * (and one session) serves every step.
 */
import type { ModelProto, TensorProto } from '../onnx/gen/onnx_pb';
import { graph, model, node, valueInfo, type Fragment } from '../onnx/builder';
import { compose, cut } from '../onnx/surgery';
import { f32, i64, tensorToProto } from '../onnx/tensor';
import { colorMatrix, inverseColumnsMatrices, inverseRowsMatrices, spectrumScale, spectrumWidth } from './fourier';

export type GdRegularisation = 'none' | 'fourier-jitter';

export const GD_TENSORS = {
  z: 'gd/z',
  target: 'gd/target',
  jitterRows: 'gd/jitter_rows',
  jitterColsT: 'gd/jitter_cols_t',
  jitterOffset: 'gd/jitter_offset',
  image01: 'gd/image01',
  loss: 'gd/loss',
} as const;

export interface GdGraphSpec {
  reg: GdRegularisation;
  /** Extractor input name and [H, W]. */
  inputName: string;
  inputSize: [number, number];
  mean: readonly number[];
  std: readonly number[];
  /** The tapped LayerX tensor and its [C, H, W]. */
  layerTensor: string;
  layerShape: readonly number[];
}

/** Shape of z′ without the batch axis. */
export function parameterShape(reg: GdRegularisation, [h, w]: [number, number]): [number, number, number] {
  return reg === 'none' ? [3, h, w] : [3, 2 * h, spectrumWidth(w)];
}


const c = (name: string, dims: number[], values: ArrayLike<number>): TensorProto => tensorToProto(name, f32(dims, values));

/** z′ → image in [0,1] (h then σ). */
function parametrisation(reg: GdRegularisation, [h, w]: [number, number]): Fragment {
  if (reg === 'none') return { nodes: [node('Sigmoid', [GD_TENSORS.z], [GD_TENSORS.image01], {}, 'gd/Sigmoid')], inits: [], out: GD_TENSORS.image01 };
  const wf = spectrumWidth(w);
  const rows = inverseRowsMatrices(h);
  const cols = inverseColumnsMatrices(w);
  const color = colorMatrix();
  return {
    nodes: [
      node('Mul', [GD_TENSORS.z, 'gd/spectrum_scale'], ['gd/spectrum'], {}, 'gd/ScaleSpectrum'),
      node('MatMul', ['gd/idft_rows_re', 'gd/spectrum'], ['gd/rows_re'], {}, 'gd/IdftRowsRe'),
      node('MatMul', ['gd/idft_rows_im', 'gd/spectrum'], ['gd/rows_im'], {}, 'gd/IdftRowsIm'),
      node('MatMul', ['gd/rows_re', 'gd/idft_cols_a'], ['gd/cols_re'], {}, 'gd/IdftColsRe'),
      node('MatMul', ['gd/rows_im', 'gd/idft_cols_b'], ['gd/cols_im'], {}, 'gd/IdftColsIm'),
      node('Add', ['gd/cols_re', 'gd/cols_im'], ['gd/decorrelated'], {}, 'gd/Irfft'),
      // The 3×3 colour mix as a MatMul over [N, 3, H·W]: as a 1x1 Conv, onnxruntime's blocked kernels would pad its 3
      // output channels to 16 (measured: 6 ms forward at 224², batch 8, against ~1 ms).
      node('Reshape', ['gd/decorrelated', 'gd/flat_pixels'], ['gd/decorrelated_flat'], {}, 'gd/FlattenPixels'),
      node('MatMul', ['gd/color', 'gd/decorrelated_flat'], ['gd/correlated_flat'], {}, 'gd/CorrelateColours'),
      node('Reshape', ['gd/correlated_flat', 'gd/image_shape'], ['gd/correlated'], {}, 'gd/UnflattenPixels'),
      node('Sigmoid', ['gd/correlated'], [GD_TENSORS.image01], {}, 'gd/Sigmoid'),
    ],
    inits: [
      c('gd/spectrum_scale', [2 * h, wf], spectrumScale(h, w)),
      c('gd/idft_rows_re', [h, 2 * h], rows.re),
      c('gd/idft_rows_im', [h, 2 * h], rows.im),
      c('gd/idft_cols_a', [wf, w], cols.a),
      c('gd/idft_cols_b', [wf, w], cols.b),
      c('gd/color', [3, 3], color.flat()),
      tensorToProto('gd/flat_pixels', i64([3], [0, 3, h * w])),
      tensorToProto('gd/image_shape', i64([4], [0, 3, h, w])),
    ],
    out: GD_TENSORS.image01,
  };
}

function normalise(input: string, mean: readonly number[], std: readonly number[]): Fragment {
  return {
    nodes: [
      node('Sub', [input, 'gd/mean'], ['gd/centred'], {}, 'gd/SubMean'),
      node('Mul', ['gd/centred', 'gd/inv_std'], ['gd/normalised'], {}, 'gd/MulInvStd'),
    ],
    inits: [c('gd/mean', [1, 3, 1, 1], mean), c('gd/inv_std', [1, 3, 1, 1], std.map((s) => 1 / s))],
    out: 'gd/normalised',
  };
}

function jitter(input: string): Fragment {
  return {
    nodes: [
      node('MatMul', [GD_TENSORS.jitterRows, input], ['gd/jitter_r'], {}, 'gd/JitterRows'),
      node('MatMul', ['gd/jitter_r', GD_TENSORS.jitterColsT], ['gd/jitter_rc'], {}, 'gd/JitterCols'),
      node('Add', ['gd/jitter_rc', GD_TENSORS.jitterOffset], ['gd/jittered'], {}, 'gd/JitterPad'),
    ],
    inits: [],
    out: 'gd/jittered',
  };
}

/** z′ → image in [0,1]: what the optimised parameters look like (no jitter). */
export function buildRenderModel(reg: GdRegularisation, size: [number, number]): ModelProto {
  const p = parametrisation(reg, size);
  return model(
    graph({
      name: `gd-render-${reg}`,
      nodes: p.nodes,
      initializers: p.inits,
      inputs: [valueInfo(GD_TENSORS.z, 'float32', ['batch', ...parameterShape(reg, size)])],
      outputs: [valueInfo(GD_TENSORS.image01, 'float32', ['batch', 3, size[0], size[1]])],
    }),
  );
}

/**
 * The forward graph whose loss the optimiser minimises: the sum over images of each image's L1 mean at LayerX, so
 * every image's gradient is that of its own loss whatever the batch size.
 */
export function buildGdForward(extractor: ModelProto, s: GdGraphSpec): ModelProto {
  const [h, w] = s.inputSize;
  const prefix = cut(extractor, s.layerTensor);
  const p = parametrisation(s.reg, s.inputSize);
  const n = normalise(p.out, s.mean, s.std);
  const j = s.reg === 'none' ? null : jitter(n.out);
  const fed = j ? j.out : n.out;
  const aPrime = `x/${s.layerTensor}`;
  const perImage = s.layerShape.reduce((a, b) => a * b, 1);
  const inputs = [
    valueInfo(GD_TENSORS.z, 'float32', ['batch', ...parameterShape(s.reg, s.inputSize)]),
    valueInfo(GD_TENSORS.target, 'float32', ['batch', ...s.layerShape]),
  ];
  if (j) {
    inputs.push(
      valueInfo(GD_TENSORS.jitterRows, 'float32', [h, h]),
      valueInfo(GD_TENSORS.jitterColsT, 'float32', [w, w]),
      valueInfo(GD_TENSORS.jitterOffset, 'float32', [h, w]),
    );
  }
  return compose({
    name: `gd-invert-${s.reg}`,
    parts: [{ model: prefix, prefix: 'x/' }],
    nodes: [
      ...p.nodes,
      ...n.nodes,
      ...(j?.nodes ?? []),
      node('Sub', [aPrime, GD_TENSORS.target], ['gd/diff'], {}, 'gd/LossSub'),
      node('Abs', ['gd/diff'], ['gd/absdiff'], {}, 'gd/LossAbs'),
      node('ReduceSum', ['gd/absdiff'], ['gd/abssum'], { keepdims: 0 }, 'gd/LossSum'),
      node('Mul', ['gd/abssum', 'gd/per_image'], [GD_TENSORS.loss], {}, 'gd/LossPerImage'),
    ],
    initializers: [...p.inits, ...n.inits, c('gd/per_image', [], [1 / perImage])],
    inputs,
    connect: { [`x/${s.inputName}`]: fed },
    outputs: [GD_TENSORS.loss],
  });
}
