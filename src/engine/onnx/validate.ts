/**
 * Structural checks of a parsed model before anything computes with it: every read tensor exists and comes before its
 * readers, names are unique, initializers hold as many bytes as their dims say, dims and attributes are sane. Each
 * problem is a bad-input error naming the file, node and tensor.
 */
import { AttributeProto_AttributeType as AT, TensorProto_DataLocation, type GraphProto, type ModelProto, type NodeProto } from './gen/onnx_pb';
import { dtypeInfo, onnxToDType, onnxTypeName } from './dtype';
import { nodeReads } from './graph';
import { badInput, formatShape } from '../util/errors';

/** Larger tensors cannot be allocated anyway; such dims mean a damaged file. */
const MAX_ELEMENTS = 2 ** 40;

const REEXPORT = 'The model file is damaged or was written by a broken exporter; export it again (torch.onnx.export, opset 17).';

/** Attribute types of the ops GAN Lens reasons about statically. */
const ATTRIBUTE_TYPES: Record<string, Record<string, AT>> = {};
for (const op of ['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'LpPool']) {
  ATTRIBUTE_TYPES[op] = {
    strides: AT.INTS,
    dilations: AT.INTS,
    kernel_shape: AT.INTS,
    pads: AT.INTS,
    output_padding: AT.INTS,
    output_shape: AT.INTS,
    group: AT.INT,
    auto_pad: AT.STRING,
    ceil_mode: AT.INT,
  };
}
ATTRIBUTE_TYPES['Gemm'] = { alpha: AT.FLOAT, beta: AT.FLOAT, transA: AT.INT, transB: AT.INT };
for (const op of ['Flatten', 'Concat', 'Softmax', 'LogSoftmax', 'Gather', 'Split']) ATTRIBUTE_TYPES[op] = { axis: AT.INT };
ATTRIBUTE_TYPES['Transpose'] = { perm: AT.INTS };
ATTRIBUTE_TYPES['Cast'] = { to: AT.INT };
ATTRIBUTE_TYPES['Resize'] = { mode: AT.STRING, coordinate_transformation_mode: AT.STRING, nearest_mode: AT.STRING };

const POSITIVE_INTS = new Set(['strides', 'dilations', 'kernel_shape']);

export function validateModel(model: ModelProto, file = '<memory>'): void {
  const graph = model.graph;
  if (!graph) throw badInput(`${file} holds no graph.`, { file, hint: REEXPORT });
  if (graph.output.length === 0) throw badInput(`${file} declares no graph outputs.`, { file, hint: REEXPORT });
  validateGraph(graph, file, new Set());
}

function validateGraph(graph: GraphProto, file: string, outer: ReadonlySet<string>): void {
  const available = new Set<string>(outer);
  const declared = new Set<string>();
  for (const t of graph.initializer) {
    checkInitializer(t, file);
    available.add(t.name);
    declared.add(t.name);
  }
  for (const v of graph.input) {
    checkValueInfoDims(v, file, 'input');
    available.add(v.name);
  }
  for (const v of graph.output) checkValueInfoDims(v, file, 'output');
  for (const n of graph.node) {
    if (!n.opType) throw badInput(`${file}: node '${n.name}' has no op type.`, { file, node: n.name, hint: REEXPORT });
    for (const t of nodeReads(n)) {
      if (available.has(t)) continue;
      const later = graph.node.some((m) => m.output.includes(t));
      throw badInput(
        later
          ? `${file}: node '${n.name}' (${n.opType}) reads '${t}' before the node that produces it; the graph is not in topological order.`
          : `${file}: node '${n.name}' (${n.opType}) reads '${t}', which no node, input or initializer provides.`,
        { file, node: n.name, tensor: t, hint: REEXPORT },
      );
    }
    checkAttributes(n, file);
    for (const a of n.attribute) {
      if (a.g) validateGraph(a.g, file, available);
      for (const g of a.graphs) validateGraph(g, file, available);
    }
    for (const o of n.output) {
      if (!o) continue;
      if (declared.has(o) || graph.input.some((i) => i.name === o)) {
        throw badInput(`${file}: tensor '${o}' is defined twice (by node '${n.name}' and before it).`, { file, node: n.name, tensor: o, hint: REEXPORT });
      }
      declared.add(o);
      available.add(o);
    }
  }
  for (const o of graph.output) {
    if (!available.has(o.name)) {
      throw badInput(`${file}: graph output '${o.name}' is produced by no node.`, { file, tensor: o.name, hint: REEXPORT });
    }
  }
}

function checkInitializer(t: GraphProto['initializer'][number], file: string): void {
  const dims = t.dims.map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw badInput(`${file}: initializer '${t.name}' has invalid dims ${formatShape(t.dims)}.`, { file, tensor: t.name, hint: REEXPORT });
  }
  const n = dims.reduce((a, b) => a * b, 1);
  if (n > MAX_ELEMENTS) throw badInput(`${file}: initializer '${t.name}' of shape ${formatShape(dims)} is impossibly large.`, { file, tensor: t.name, shape: dims, hint: REEXPORT });
  if (t.dataType === 0) throw badInput(`${file}: initializer '${t.name}' has no element type.`, { file, tensor: t.name, hint: REEXPORT });
  if (!onnxTypeName(t.dataType) || onnxTypeName(t.dataType).startsWith('type#')) {
    throw badInput(`${file}: initializer '${t.name}' has unknown element type ${t.dataType}.`, { file, tensor: t.name, hint: REEXPORT });
  }
  const dtype = onnxToDType(t.dataType);
  if (dtype && t.dataLocation !== TensorProto_DataLocation.EXTERNAL && t.rawData.length > 0 && t.rawData.length !== n * dtypeInfo(dtype).bytes) {
    throw badInput(`${file}: initializer '${t.name}' of shape ${formatShape(dims)} (${dtype}) needs ${n * dtypeInfo(dtype).bytes} bytes but holds ${t.rawData.length}.`, {
      file,
      tensor: t.name,
      shape: dims,
      hint: REEXPORT,
    });
  }
}

function checkValueInfoDims(v: GraphProto['input'][number], file: string, what: string): void {
  if (v.type?.value.case !== 'tensorType') return;
  const dims = v.type.value.value.shape?.dim ?? [];
  for (const d of dims) {
    if (d.value.case === 'dimValue' && (d.value.value < 0n || Number(d.value.value) > MAX_ELEMENTS)) {
      throw badInput(`${file}: graph ${what} '${v.name}' has an invalid dimension ${d.value.value}.`, { file, tensor: v.name, hint: REEXPORT });
    }
  }
}

function checkAttributes(n: NodeProto, file: string): void {
  const expected = n.domain === '' || n.domain === 'ai.onnx' ? ATTRIBUTE_TYPES[n.opType] : undefined;
  for (const a of n.attribute) {
    const want = expected?.[a.name];
    if (want !== undefined && a.type !== want) {
      throw badInput(`${file}: attribute '${a.name}' of ${n.opType} node '${n.name}' has type ${AT[a.type] ?? a.type}, expected ${AT[want]}.`, {
        file,
        node: n.name,
        hint: REEXPORT,
      });
    }
    if (want === AT.INTS && POSITIVE_INTS.has(a.name) && a.ints.some((i) => i <= 0n)) {
      throw badInput(`${file}: attribute '${a.name}' of ${n.opType} node '${n.name}' must be positive, got [${a.ints.join(', ')}].`, { file, node: n.name, hint: REEXPORT });
    }
  }
}
