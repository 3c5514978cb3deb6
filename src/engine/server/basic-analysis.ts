/**
 * Static-only model analysis used until the full analysis (shape inference, probing, readable names) is available:
 * summary from the proto, one row per node output with the shape recorded in the graph's value_info.
 */
import { basename } from 'node:path';
import { readModel } from '../onnx/io';
import type { ModelProto, ValueInfoProto } from '../onnx/gen/onnx_pb';
import { onnxTypeName } from '../onnx/dtype';
import type { GraphInputInfo, LayerInfo, ModelAnalysis, ModelKind } from '../protocol/model';

type Dims = (number | string)[];

function dimsOf(v: ValueInfoProto | undefined): Dims | null {
  const t = v?.type?.value;
  if (!t || t.case !== 'tensorType' || !t.value.shape) return null;
  return t.value.shape.dim.map((d) =>
    d.value.case === 'dimValue' ? Number(d.value.value) : d.value.case === 'dimParam' ? d.value.value : '?',
  );
}

function dtypeOf(v: ValueInfoProto | undefined): string {
  const t = v?.type?.value;
  if (!t || t.case !== 'tensorType') return 'unknown';
  return onnxTypeName(t.value.elemType);
}

function spatialOf(dims: Dims | null): [number, number] | null {
  if (!dims || dims.length !== 4) return null;
  const [h, w] = [dims[2], dims[3]];
  return typeof h === 'number' && typeof w === 'number' ? [h, w] : null;
}

function roleOf(dims: Dims | null, name: string): GraphInputInfo['role'] {
  if (/noise/i.test(name)) return 'noise';
  if (dims?.length === 4 && dims[1] === 3) return 'image';
  if (dims?.length === 2) return 'latent';
  return 'other';
}

function countParams(m: ModelProto): number {
  let n = 0;
  for (const t of m.graph?.initializer ?? []) n += t.dims.reduce((a, d) => a * Number(d), 1);
  return n;
}

export async function basicAnalysis(file: string): Promise<ModelAnalysis> {
  const m = readModel(file, { externalData: 'keep' });
  const g = m.graph!;
  const initNames = new Set(g.initializer.map((t) => t.name));
  const infos = new Map<string, ValueInfoProto>();
  for (const v of [...g.input, ...g.valueInfo, ...g.output]) infos.set(v.name, v);
  const inputs: GraphInputInfo[] = g.input
    .filter((v) => !initNames.has(v.name))
    .map((v) => ({ name: v.name, dtype: dtypeOf(v), shape: dimsOf(v) ?? [], role: roleOf(dimsOf(v), v.name) }));
  const image = inputs.find((i) => i.role === 'image');
  const imageSpatial = image ? spatialOf(image.shape) : null;
  const kind: ModelKind = image ? 'extractor' : inputs.some((i) => i.role === 'latent') ? 'generator' : 'other';
  const opCounts: Record<string, number> = {};
  const layers: LayerInfo[] = [];
  for (const n of g.node) {
    opCounts[n.opType] = (opCounts[n.opType] ?? 0) + 1;
    for (const out of n.output) {
      if (!out) continue;
      const dims = dimsOf(infos.get(out));
      const spatial = spatialOf(dims);
      const distance = spatial && imageSpatial && kind === 'extractor' ? Math.round(Math.log2(imageSpatial[0] / spatial[0])) : null;
      layers.push({
        tensor: out,
        name: out,
        aliases: [],
        op: n.opType,
        node: n.name,
        dtype: dtypeOf(infos.get(out)),
        shape: dims,
        spatial,
        samplingDistance: distance,
        shapeSource: dims ? 'static' : 'unknown',
      });
    }
  }
  return {
    summary: {
      file: basename(file),
      producer: [m.producerName, m.producerVersion].filter(Boolean).join(' '),
      irVersion: Number(m.irVersion),
      opsets: m.opsetImport.map((o) => ({ domain: o.domain || 'ai.onnx', version: Number(o.version) })),
      kind,
      inputs,
      outputs: g.output.map((v) => ({ name: v.name, dtype: dtypeOf(v), shape: dimsOf(v) })),
      initializerCount: g.initializer.length,
      parameterCount: countParams(m),
      nodeCount: g.node.length,
      opCounts,
    },
    layers,
  };
}
