/** Gradient rules by op type (default ONNX domain). */
import type { GradRule } from '../rule';
import { abs } from './abs';
import { add, sub, sum } from './add';
import { averagePool } from './avgpool';
import { batchNorm } from './batchnorm';
import { cast } from './cast';
import { clip } from './clip';
import { concat } from './concat';
import { conv } from './conv';
import { convTranspose } from './convtranspose';
import { div } from './div';
import { einsum } from './einsum';
import { elu } from './elu';
import { erf } from './erf';
import { exp } from './exp';
import { expand } from './expand';
import { gather } from './gather';
import { gemm } from './gemm';
import { hardSigmoid, hardSwish } from './hardsigmoid';
import { globalAveragePool, globalMaxPool } from './globalpool';
import { identity } from './identity';
import { instanceNorm } from './instancenorm';
import { layerNorm } from './layernorm';
import { leakyRelu } from './leakyrelu';
import { log } from './log';
import { matmul } from './matmul';
import { maxPool } from './maxpool';
import { mean } from './mean';
import { minMax } from './minmax';
import { mul } from './mul';
import { neg } from './neg';
import { pad } from './pad';
import { pow } from './pow';
import { prelu } from './prelu';
import { reciprocal } from './reciprocal';
import { reduceL2, reduceLogSumExp, reduceMax, reduceMean, reduceSum, reduceSumSquare } from './reduce';
import { relu } from './relu';
import { reshapeLike } from './reshape';
import { resize } from './resize';
import { sigmoid } from './sigmoid';
import { cos, sin } from './sincos';
import { slice } from './slice';
import { softmax, logSoftmax } from './softmax';
import { softplus } from './softplus';
import { split } from './split';
import { sqrt } from './sqrt';
import { tanh } from './tanh';
import { tile } from './tile';
import { transpose } from './transpose';
import { where } from './where';

export const RULES: Record<string, GradRule> = {
  Abs: abs,
  Add: add,
  AveragePool: averagePool,
  BatchNormalization: batchNorm,
  Cast: cast,
  Clip: clip,
  Concat: concat,
  Conv: conv,
  ConvTranspose: convTranspose,
  Cos: cos,
  Div: div,
  Dropout: identity,
  Einsum: einsum,
  Elu: elu,
  Erf: erf,
  Exp: exp,
  Expand: expand,
  Flatten: reshapeLike,
  Gather: gather,
  GatherElements: gather,
  Gemm: gemm,
  GlobalAveragePool: globalAveragePool,
  GlobalMaxPool: globalMaxPool,
  HardSigmoid: hardSigmoid,
  HardSwish: hardSwish,
  Identity: identity,
  InstanceNormalization: instanceNorm,
  LayerNormalization: layerNorm,
  LeakyRelu: leakyRelu,
  Log: log,
  LogSoftmax: logSoftmax,
  MatMul: matmul,
  Max: minMax,
  MaxPool: maxPool,
  Mean: mean,
  Min: minMax,
  Mul: mul,
  Neg: neg,
  Pad: pad,
  Pow: pow,
  PRelu: prelu,
  Reciprocal: reciprocal,
  ReduceL2: reduceL2,
  ReduceLogSumExp: reduceLogSumExp,
  ReduceMax: reduceMax,
  ReduceMean: reduceMean,
  ReduceMin: reduceMax,
  ReduceSum: reduceSum,
  ReduceSumSquare: reduceSumSquare,
  Relu: relu,
  Reshape: reshapeLike,
  Resize: resize,
  Sigmoid: sigmoid,
  Sin: sin,
  Slice: slice,
  Softmax: softmax,
  Softplus: softplus,
  Split: split,
  Sqrt: sqrt,
  Squeeze: reshapeLike,
  Sub: sub,
  Sum: sum,
  Tanh: tanh,
  Tile: tile,
  Transpose: transpose,
  Unsqueeze: reshapeLike,
  Where: where,
};
