/** The contract between the gradient builder and one op's gradient rule. */
import type { NodeProto } from '../onnx/gen/onnx_pb';
import type { Emitter } from './emitter';

/** Which Conv gradient forms the builder emits (see GradientSpec.convGradient). */
export type ConvGradientForm = 'fast' | 'general';

export interface RuleContext {
  node: NodeProto;
  /** The node's inputs and outputs ('' for an omitted optional one). */
  inputs: string[];
  outputs: string[];
  /** Incoming gradient per output; undefined where no gradient flows back through that output. */
  gradOut: (string | undefined)[];
  /** True for each input whose gradient is wanted. */
  needs: boolean[];
  e: Emitter;
  /** Rank of a tensor where it is known statically. */
  rankOf(name: string): number | undefined;
  /** Static shape of a tensor where inference knows it (symbolic dims as strings). */
  shapeOf(name: string): (number | string)[] | undefined;
  /** True when both tensors are known statically to have the same shape (so no broadcast reduction is needed). */
  sameShape(a: string, b: string): boolean;
  /** Value of a constant (initializer or Constant node) tensor, as numbers, where known. */
  constValue(name: string): number[] | undefined;
  convGradient: ConvGradientForm;
}

/** Gradient for each input (undefined where none is wanted or defined). */
export type GradResult = (string | undefined)[];

export interface GradRule {
  /** Inputs through which a gradient can flow; the others (shapes, indices, axes) are treated as constants. */
  differentiable: (node: NodeProto) => number[];
  backward(ctx: RuleContext): GradResult;
  /** Optional change to the forward node before differentiation (e.g. MaxPool exposing its Indices output). */
  prepare?(node: NodeProto, e: Emitter): void;
}

/** The first gradient given for an op with one output; zero-fills when a rule must have it. */
export function gradOf(ctx: RuleContext, i = 0): string {
  const g = ctx.gradOut[i];
  if (g) return g;
  return ctx.e.zerosLike(ctx.outputs[i]!);
}

export const only =
  (...idx: number[]) =>
  (): number[] =>
    idx;

export const allInputs = (n: NodeProto): number[] => n.input.map((_, i) => i);
