import { attrInt, attrInts } from '../../onnx/builder';
import type { GradRule, RuleContext } from '../rule';
import { gradOf, only } from '../rule';
import { countRatio } from '../channels';
import type { Emitter } from '../emitter';

/** The reduce op's axes: attribute (opset ≤ 17 except ReduceSum) or second input; undefined = all axes. */
function axesOf(c: RuleContext): { attr?: number[]; input?: string } {
  const a = attrInts(c.node, 'axes');
  if (a) return { attr: a };
  const i = c.inputs[1];
  return i ? { input: i } : {};
}

/** The output gradient with the reduced axes restored as size-1 axes (so it broadcasts against X). */
function keptGrad(c: RuleContext, g: string): string {
  if (attrInt(c.node, 'keepdims', 1)) return g;
  const ax = axesOf(c);
  if (!ax.attr && !ax.input) return g; // scalar result broadcasts
  const axes = ax.attr ? c.e.int64(ax.attr) : ax.input!;
  return c.e.op('Unsqueeze', [g, axes]);
}

function isNoop(c: RuleContext): boolean {
  const ax = axesOf(c);
  if (!attrInt(c.node, 'noop_with_empty_axes', 0)) return false;
  if (!ax.attr && !ax.input) return true;
  const v = ax.input ? c.constValue(ax.input) : ax.attr;
  return v !== undefined && v.length === 0;
}

function expandTo(e: Emitter, g: string, x: string): string {
  return e.op('Expand', [g, e.shape(x)]);
}

export const reduceSum: GradRule = {
  differentiable: only(0),
  backward(c) {
    const g = gradOf(c);
    if (isNoop(c)) return [g];
    return [expandTo(c.e, keptGrad(c, g), c.inputs[0]!)];
  },
};

export const reduceMean: GradRule = {
  differentiable: only(0),
  backward(c) {
    const g = gradOf(c);
    if (isNoop(c)) return [g];
    const x = c.inputs[0]!;
    // Divide on the small side, then broadcast.
    return [expandTo(c.e, c.e.div(keptGrad(c, g), countRatio(c.e, x, c.outputs[0]!)), x)];
  },
};

/** ReduceMax/ReduceMin: the gradient is shared evenly among the elements equal to the result (as PyTorch amax). */
export const reduceMax: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    const g = gradOf(c);
    if (isNoop(c)) return [g];
    const yk = keptGrad(c, c.outputs[0]!);
    const mask = e.op('CastLike', [e.op('Equal', [x, yk]), x]);
    const ax = axesOf(c);
    const axes = ax.attr ? e.int64(ax.attr) : ax.input;
    const count = e.op('ReduceSum', axes ? [mask, axes] : [mask], { keepdims: 1 });
    return [e.mul(mask, e.div(keptGrad(c, g), count))];
  },
};

/** ReduceL2: dX = g·X / Y (0 where Y = 0). */
export const reduceL2: GradRule = {
  differentiable: only(0),
  backward(c) {
    const e = c.e;
    const x = c.inputs[0]!;
    const yk = keptGrad(c, c.outputs[0]!);
    const zero = e.scalarLike(0, x);
    const isZero = e.op('Equal', [yk, zero]);
    const safe = e.op('Where', [isZero, e.scalarLike(1, x), yk]);
    const q = e.op('Where', [isZero, zero, e.div(keptGrad(c, gradOf(c)), safe)]);
    return [e.mul(x, q)];
  },
};

/** ReduceSumSquare: dX = 2·g·X. */
export const reduceSumSquare: GradRule = {
  differentiable: only(0),
  backward(c) {
    const x = c.inputs[0]!;
    return [c.e.mul(c.e.mul(keptGrad(c, gradOf(c)), x), c.e.scalarLike(2, x))];
  },
};

/** ReduceLogSumExp: dX = g·exp(X − Y). */
export const reduceLogSumExp: GradRule = {
  differentiable: only(0),
  backward(c) {
    const x = c.inputs[0]!;
    const soft = c.e.op('Exp', [c.e.sub(x, keptGrad(c, c.outputs[0]!))]);
    return [c.e.mul(keptGrad(c, gradOf(c)), soft)];
  },
};

