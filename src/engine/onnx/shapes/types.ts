/** The vocabulary of static shape inference: dimensions, shapes, tensor types and the per-op rule. */
import type { NodeProto } from '../gen/onnx_pb';
import type { ShapeContext } from './context';

/** A dimension: a number, or a symbolic name such as "batch". */
export type Dim = number | string;
export type Shape = Dim[];

export interface TensorType {
  /** ONNX element type (TensorProto.DataType); 0 when unknown. */
  elemType: number;
  shape: Shape | null;
}

/** What a rule knows of one output: its type, and its rank where the rank is known but the shape is not. */
export type Inferred = TensorType & { rank?: number };

/** Only the rank of an output is known (no element type, no shape). */
export interface RankOnly {
  rank: number;
}

/** One entry per node output; undefined where nothing is known. */
export type Outputs = (Inferred | RankOnly | undefined)[];

/**
 * The shape rule of one op: the element types and shapes of the node's outputs from what `ctx` knows of its inputs.
 * A rule that cannot know an output returns it unknown; it may record small values (shape arithmetic) in `ctx`.
 */
export type ShapeRule = (n: NodeProto, ctx: ShapeContext) => Outputs;

/** Shape rules by op type (standard ONNX domain). */
export type ShapeRules = Readonly<Record<string, ShapeRule>>;

export interface InferOptions {
  /** Shapes that replace those of graph inputs (e.g. the image input at a chosen size). */
  inputShapes?: ReadonlyMap<string, Shape>;
  /** Fill gaps from the model's value_info (only valid when input shapes were not changed). */
  useValueInfo?: boolean;
  /** Renames symbolic dims of declared value_info (e.g. the exporter's batch name → the analysis's own). */
  renameSymbol?: (symbol: string) => Dim;
}
