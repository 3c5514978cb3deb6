/**
 * Emits new nodes and constants into a graph under construction, with unique tensor names.
 * Rules and loss fragments talk to this, never to protobuf directly.
 */
import type { NodeProto, TensorProto } from '../onnx/gen/onnx_pb';
import { node, type AttrValue } from '../onnx/builder';
import { tensorToProto, type HostTensor } from '../onnx/tensor';
import type { NumericDType } from '../onnx/dtype';

export type Attrs = Record<string, AttrValue | undefined>;

export class Emitter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used: Set<string>;
  private readonly constCache = new Map<string, string>();
  private readonly producers = new Map<string, NodeProto>();
  private counter = 0;

  /**
   * @param taken names already present in the graph
   * @param typeOf static element type of a tensor where known (types scalar constants without a CastLike; rules
   *   read it to choose float32-only forms)
   */
  constructor(
    taken: Iterable<string>,
    readonly typeOf: (name: string) => NumericDType | undefined = () => undefined,
    private readonly prefix = 'grad',
  ) {
    this.used = new Set(taken);
  }

  fresh(hint: string): string {
    let name: string;
    do name = `${this.prefix}/${hint}_${this.counter++}`;
    while (this.used.has(name));
    this.used.add(name);
    return name;
  }

  reserve(name: string): void {
    this.used.add(name);
  }

  /** Adds one node and returns its outputs. */
  ops(opType: string, inputs: string[], attrs: Attrs = {}, nOut = 1): string[] {
    const outs = Array.from({ length: nOut }, () => this.fresh(opType));
    const n = node(opType, inputs, outs, attrs, this.fresh(`${opType}_node`));
    this.nodes.push(n);
    for (const o of outs) this.producers.set(o, n);
    return outs;
  }

  op(opType: string, inputs: string[], attrs: Attrs = {}): string {
    return this.ops(opType, inputs, attrs, 1)[0]!;
  }

  /** Adds a node that writes a chosen output name. */
  opNamed(opType: string, inputs: string[], output: string, attrs: Attrs = {}): string {
    this.reserve(output);
    const n = node(opType, inputs, [output], attrs, this.fresh(`${opType}_node`));
    this.nodes.push(n);
    this.producers.set(output, n);
    return output;
  }

  constant(t: HostTensor, hint = 'const'): string {
    // Small constants (scalars, axes, shapes) are shared; large ones (baked-in targets) are not keyed at all.
    const key = t.data.length <= 64 ? `${t.dtype}|${t.dims.join(',')}|${Array.from(t.data as ArrayLike<number | bigint>, String).join(',')}` : undefined;
    const cached = key ? this.constCache.get(key) : undefined;
    if (cached) return cached;
    const name = this.fresh(hint);
    this.initializers.push(tensorToProto(name, t));
    if (key) this.constCache.set(key, name);
    return name;
  }

  /** The emitted node that computes `name` (undefined for forward tensors and constants). */
  producerOf(name: string): NodeProto | undefined {
    return this.producers.get(name);
  }

  int64(values: number[], scalar = false): string {
    const data = new BigInt64Array(values.map((v) => BigInt(v)));
    return this.constant({ dtype: 'int64', dims: scalar ? [] : [values.length], data }, 'i64');
  }

  /** A float scalar with the element type of `like` (exact in float64, rounded once otherwise). */
  scalarLike(value: number, like: string): string {
    const dt = this.typeOf(like);
    if (dt === 'float32') return this.constant({ dtype: 'float32', dims: [], data: new Float32Array([value]) }, 'f32');
    if (dt === 'float64') return this.constant({ dtype: 'float64', dims: [], data: new Float64Array([value]) }, 'f64');
    const c = this.constant({ dtype: 'float64', dims: [], data: new Float64Array([value]) }, 'f64');
    return this.op('CastLike', [c, like]);
  }

  // Small conveniences used everywhere.
  shape(x: string): string {
    return this.op('Shape', [x]);
  }
  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  div(a: string, b: string): string {
    return this.op('Div', [a, b]);
  }
  neg(a: string): string {
    return this.op('Neg', [a]);
  }
  /** Zeros with the shape and element type of x. */
  zerosLike(x: string): string {
    const z = this.op('ConstantOfShape', [this.shape(x)]);
    return this.op('CastLike', [z, x]);
  }
  /** Where(cond, a, 0) with a zero of a's type. */
  maskKeep(cond: string, a: string): string {
    return this.op('Where', [cond, a, this.scalarLike(0, a)]);
  }
}
