/** Small constructors for ONNX protos: nodes, attributes, value infos, models. */
import { create } from '@bufbuild/protobuf';
import {
  AttributeProtoSchema,
  AttributeProto_AttributeType as AT,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorShapeProtoSchema,
  TensorShapeProto_DimensionSchema,
  TypeProtoSchema,
  TypeProto_TensorSchema,
  ValueInfoProtoSchema,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './gen/onnx_pb';
import { dtypeToOnnx, type NumericDType } from './dtype';

export type AttrValue = number | string | number[] | string[] | TensorProto | GraphProto | { float: number } | { floats: number[] };

/** Integers become INT(S); use {float: x} / {floats: [...]} to force floats for integral values. */
export function attr(name: string, v: AttrValue): AttributeProto {
  if (typeof v === 'number') {
    return Number.isInteger(v)
      ? create(AttributeProtoSchema, { name, type: AT.INT, i: BigInt(v) })
      : create(AttributeProtoSchema, { name, type: AT.FLOAT, f: v });
  }
  if (typeof v === 'string') return create(AttributeProtoSchema, { name, type: AT.STRING, s: new TextEncoder().encode(v) });
  if (Array.isArray(v)) {
    if (v.length > 0 && typeof v[0] === 'string') {
      return create(AttributeProtoSchema, { name, type: AT.STRINGS, strings: (v as string[]).map((s) => new TextEncoder().encode(s)) });
    }
    const nums = v as number[];
    return nums.every((x) => Number.isInteger(x))
      ? create(AttributeProtoSchema, { name, type: AT.INTS, ints: nums.map(BigInt) })
      : create(AttributeProtoSchema, { name, type: AT.FLOATS, floats: nums });
  }
  if ('float' in v) return create(AttributeProtoSchema, { name, type: AT.FLOAT, f: v.float });
  if ('floats' in v) return create(AttributeProtoSchema, { name, type: AT.FLOATS, floats: v.floats });
  if (v.$typeName === 'onnx.TensorProto') return create(AttributeProtoSchema, { name, type: AT.TENSOR, t: v });
  return create(AttributeProtoSchema, { name, type: AT.GRAPH, g: v });
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue | undefined> = {},
  name?: string,
  domain = '',
): NodeProto {
  return create(NodeProtoSchema, {
    opType,
    input: inputs,
    output: outputs,
    name: name ?? `${opType}_${outputs[0] ?? ''}`,
    domain,
    attribute: Object.entries(attrs)
      .filter((e): e is [string, AttrValue] => e[1] !== undefined)
      .map(([k, v]) => attr(k, v)),
  });
}

export function valueInfo(name: string, dtype: NumericDType, dims?: (number | string)[]): ValueInfoProto {
  const tensorType = create(TypeProto_TensorSchema, { elemType: dtypeToOnnx(dtype) });
  if (dims) {
    tensorType.shape = create(TensorShapeProtoSchema, {
      dim: dims.map((d) =>
        create(TensorShapeProto_DimensionSchema, {
          value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
        }),
      ),
    });
  }
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}

export interface GraphParts {
  name?: string;
  nodes: NodeProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  initializers?: TensorProto[];
  valueInfo?: ValueInfoProto[];
}

export function graph(p: GraphParts): GraphProto {
  return create(GraphProtoSchema, {
    name: p.name ?? 'graph',
    node: p.nodes,
    input: p.inputs,
    output: p.outputs,
    initializer: p.initializers ?? [],
    valueInfo: p.valueInfo ?? [],
  });
}

export function model(g: GraphProto, opset = 17, producer = 'gan-lens'): ModelProto {
  return create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: producer,
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(opset) })],
    graph: g,
  });
}

/** Reads a node attribute by name, with a default. */
export function getAttr(n: NodeProto, name: string): AttributeProto | undefined {
  return n.attribute.find((a) => a.name === name);
}

export function attrInt(n: NodeProto, name: string, dflt: number): number {
  const a = getAttr(n, name);
  return a ? Number(a.i) : dflt;
}

export function attrFloat(n: NodeProto, name: string, dflt: number): number {
  const a = getAttr(n, name);
  return a ? a.f : dflt;
}

export function attrInts(n: NodeProto, name: string): number[] | undefined {
  const a = getAttr(n, name);
  return a ? a.ints.map(Number) : undefined;
}

export function attrString(n: NodeProto, name: string, dflt: string): string {
  const a = getAttr(n, name);
  return a ? new TextDecoder().decode(a.s) : dflt;
}

/** A piece of graph under construction: its nodes and initializers, and the tensor it ends in. */
export interface Fragment {
  nodes: NodeProto[];
  inits: TensorProto[];
  out: string;
}

/** [H, W] of a model's 4-D output when the export fixed them, else null. */
export function outputHW(m: ModelProto, name: string): [number, number] | null {
  const o = m.graph!.output.find((v) => v.name === name);
  const dims = o?.type?.value.case === 'tensorType' ? o.type.value.value.shape?.dim : undefined;
  if (!dims || dims.length !== 4) return null;
  const v = (d: (typeof dims)[number]): number | null => (d.value.case === 'dimValue' ? Number(d.value.value) : null);
  const h = v(dims[2]!);
  const w = v(dims[3]!);
  return h && w ? [h, w] : null;
}
