/**
 * Whole-block checks: generator-style subgraphs built the way torch.onnx exports them, differentiated end to end
 * and compared with finite differences (float32: Conv has no float64 kernel on CPU).
 */
import { test } from 'node:test';
import { node } from '../onnx/builder';
import { gradCheck, ints, floats, randn } from './testing/gradcheck';

test('StyleGAN2-style block: modulated/demodulated grouped conv, noise, scaled LeakyReLU, clamp, FIR up-sampling', async () => {
  const N = 2, C = 3, O = 4, H = 5;
  const tail = [
    // Modulate: ww[n, o, c] = w[o, c] · s[n, c]; demodulate by the per-(n, o) norm.
    node('Unsqueeze', ['x1', 'ax0'], ['w5']),
    node('Reshape', ['x2', 'sshape'], ['s5']),
    node('Mul', ['w5', 's5'], ['ww']),
    node('Mul', ['ww', 'ww'], ['ww2']),
    node('ReduceSum', ['ww2', 'ax234'], ['ssum'], { keepdims: 1 }),
    node('Add', ['ssum', 'eps'], ['ssum_e']),
    node('Sqrt', ['ssum_e'], ['norm']),
    node('Reciprocal', ['norm'], ['dcoef']),
    node('Mul', ['ww', 'dcoef'], ['wd']),
    node('Reshape', ['wd', 'wshape'], ['wg']),
    node('Reshape', ['y0', 'xshape'], ['xg']),
    node('Conv', ['xg', 'wg'], ['cg'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], group: N }),
    node('Reshape', ['cg', 'yshape'], ['c4']),
    // Noise injection and bias, lrelu · √2, clamp.
    node('Mul', ['noise', 'x3'], ['nz']),
    node('Add', ['c4', 'nz'], ['cn']),
    node('LeakyRelu', ['cn'], ['act'], { alpha: 0.2 }),
    node('Mul', ['act', 'gain'], ['actg']),
    node('Clip', ['actg', 'lo', 'hi'], ['cl']),
    // upfirdn2d up=2: zero-insert by Reshape/Pad, pad, depthwise FIR.
    node('Reshape', ['cl', 'up6'], ['u6']),
    node('Pad', ['u6', 'uppad'], ['u6p']),
    node('Reshape', ['u6p', 'up4'], ['u4']),
    node('Pad', ['u4', 'firpad'], ['u4p']),
    node('Conv', ['u4p', 'fir'], ['z'], { kernel_shape: [4, 4], group: O }),
  ];
  const consts = { ax0: ints([1], [0]), sshape: ints([5], [N, 1, C, 1, 1]), ax234: ints([3], [2, 3, 4]), eps: floats([], [1e-8], 'float32'),
    wshape: ints([4], [N * O, C, 3, 3]), xshape: ints([4], [1, N * C, H, H]), yshape: ints([4], [N, O, H, H]),
    noise: randn([N, 1, H, H], 200, 'float32'), gain: floats([], [Math.SQRT2], 'float32'), lo: floats([], [-0.8], 'float32'), hi: floats([], [0.8], 'float32'),
    up6: ints([6], [N, O, H, 1, H, 1]), uppad: ints([12], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]), up4: ints([4], [N, O, 2 * H, 2 * H]),
    firpad: ints([8], [0, 0, 2, 2, 0, 0, 1, 1]), fir: randn([O, 1, 4, 4], 201, 'float32', { min: 0, max: 0.5 }) };
  await gradCheck({
    op: 'Identity',
    headInputs: 1,
    inputs: [randn([N, C, H, H], 202, 'float32'), randn([O, C, 3, 3], 203, 'float32'), randn([N, C], 204, 'float32', { min: 0.5, max: 1.5 }), randn([1, O, 1, 1], 205, 'float32')],
    consts,
    tail,
    h: 1e-3,
    tol: 1e-2,
    samples: 24,
  });
});

test('BigGAN-style self-attention: 1×1 convs, MaxPool, batched MatMul, Softmax, residual with a learned gain', async () => {
  const N = 2, C = 4, H = 4;
  const tail = [
    node('Conv', ['y0', 'x1'], ['theta'], { kernel_shape: [1, 1] }),
    node('Conv', ['y0', 'x2'], ['phi0'], { kernel_shape: [1, 1] }),
    node('MaxPool', ['phi0'], ['phi'], { kernel_shape: [2, 2], strides: [2, 2] }),
    node('Reshape', ['theta', 'flat'], ['tf']),
    node('Reshape', ['phi', 'flat'], ['pf']),
    node('Transpose', ['tf'], ['tt'], { perm: [0, 2, 1] }),
    node('MatMul', ['tt', 'pf'], ['logits']),
    node('Softmax', ['logits'], ['beta'], { axis: -1 }),
    node('Reshape', ['y0', 'flat'], ['vf']),
    node('MaxPool', ['y0'], ['gpool'], { kernel_shape: [2, 2], strides: [2, 2] }),
    node('Reshape', ['gpool', 'flat'], ['gf']),
    node('Transpose', ['beta'], ['bt'], { perm: [0, 2, 1] }),
    node('MatMul', ['gf', 'bt'], ['o']),
    node('Reshape', ['o', 'back'], ['o4']),
    node('Mul', ['o4', 'x3'], ['og']),
    node('Add', ['og', 'y0'], ['z']),
  ];
  await gradCheck({
    op: 'Identity',
    headInputs: 1,
    inputs: [randn([N, C, H, H], 210, 'float32'), randn([2, C, 1, 1], 211, 'float32'), randn([2, C, 1, 1], 212, 'float32'), floats([], [0.7], 'float32')],
    consts: { flat: ints([3], [0, 0, -1]), back: ints([4], [N, C, H, H]) },
    tail,
    h: 3e-3,
    tol: 1e-2,
    samples: 24,
  });
});
