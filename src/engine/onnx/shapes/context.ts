/** What inference knows so far while it walks the graph: types, ranks, small values and constant tensors. */
import type { NodeProto, TensorProto } from '../gen/onnx_pb';
import type { Dim, Inferred, Outputs, Shape, ShapeRule, TensorType } from './types';

export class ShapeContext {
  readonly types = new Map<string, TensorType>();
  /** Ranks of tensors whose shape is unknown. */
  readonly ranks = new Map<string, number>();
  /** Values of small tensors; shape values may hold symbolic dims (`N`). */
  readonly values = new Map<string, Dim[]>();
  /** Constant tensors: initializers and the `value` of Constant nodes. */
  readonly consts = new Map<string, TensorProto>();

  type(name: string | undefined): TensorType | undefined {
    return name ? this.types.get(name) : undefined;
  }
  shape(name: string | undefined): Shape | undefined {
    return this.type(name)?.shape ?? undefined;
  }
  /** The rank: the shape's length, else a rank known without the shape. */
  rank(name: string | undefined): number | undefined {
    return this.shape(name)?.length ?? (name ? this.ranks.get(name) : undefined);
  }
  /** Element type; 0 when unknown. */
  elemType(name: string | undefined): number {
    return this.type(name)?.elemType ?? 0;
  }
  /** The value if every element is a number. */
  value(name: string | undefined): number[] | undefined {
    const v = this.dims(name);
    return v && v.every((d) => typeof d === 'number') ? (v as number[]) : undefined;
  }
  /** The value, symbolic elements included. */
  dims(name: string | undefined): Dim[] | undefined {
    return name ? this.values.get(name) : undefined;
  }
  setValue(name: string | undefined, v: Dim[]): void {
    if (name) this.values.set(name, v);
  }
}

/** An output of element type `elemType` shaped `shape`; where the shape is unknown (undefined), of rank `rank` if known. */
export function typed(elemType: number, shape: Shape | undefined, rank: number | undefined): Inferred {
  if (shape) return { elemType, shape };
  return rank === undefined ? { elemType, shape: null } : { elemType, shape: null, rank };
}

/** An output of an op that keeps its first input's rank: shaped `shape`, of the first input's element type unless told. */
export function like(n: NodeProto, ctx: ShapeContext, shape: Shape | undefined, elemType?: number): Inferred {
  return typed(elemType ?? ctx.elemType(n.input[0]), shape, ctx.rank(n.input[0]));
}

/** Every output unknown but for the element type, which most ops take from their first input. */
export function unknownOutputs(n: NodeProto, ctx: ShapeContext): Outputs {
  const et = ctx.elemType(n.input[0]);
  return n.output.map(() => (et ? { elemType: et, shape: null } : undefined));
}

/** One rule for several ops. */
export function table(ops: readonly string[], rule: ShapeRule): Record<string, ShapeRule> {
  return Object.fromEntries(ops.map((op) => [op, rule]));
}
