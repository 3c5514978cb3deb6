/**
 * Rewrites a graph around a provider's wrong results before a session opens it. onnxruntime 1.30's WebGPU Slice
 * ignores `starts` on axes with a negative step (it always begins at the last index: measured on Mesa lavapipe,
 * see docs/gpu.md), and the gradient graphs use such slices to flip kernels. Each affected Slice becomes two: a
 * positive-step Slice that cuts the axis just after the start, then the original reverse Slice from index −1,
 * which WebGPU computes correctly. MaxPool with an Indices output (no WebGPU kernel computes Indices) becomes a plain
 * MaxPool plus the index computation of maxpool-indices.ts.
 */
import { clone } from '@bufbuild/protobuf';
import { ModelProtoSchema, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from '../onnx/gen/onnx_pb';
import { node } from '../onnx/builder';
import { externalDataBase, setExternalDataBase } from '../onnx/io';
import { maxPoolIndicesRewritable, rewriteMaxPoolIndices } from './maxpool-indices';
import { tensorFromProto, tensorToProto } from '../onnx/tensor';
import type { ProviderName } from './providers';

export interface ProviderRewrite {
  model: ModelProto;
  /** One line per kind of rewrite made (the same text each time, so it can be logged once). */
  notes: string[];
  /** Set when a node needs a rewrite that cannot be made (values only known at run time): run on cpu instead. */
  blocker?: string;
}

const INT64_MAX = 2n ** 63n - 1n;
const FAR = 2n ** 31n; // |index| ≥ this means "to the end" for any real tensor

function constants(g: GraphProto): Map<string, bigint[]> {
  const out = new Map<string, bigint[]>();
  const add = (name: string, t: TensorProto): void => {
    const h = tensorFromProto(t);
    if (h.dtype === 'int64' || h.dtype === 'int32') out.set(name, Array.from(h.data as ArrayLike<number | bigint>, (v) => BigInt(v)));
  };
  for (const t of g.initializer) add(t.name, t);
  for (const n of g.node) {
    const v = n.opType === 'Constant' ? n.attribute.find((a) => a.name === 'value')?.t : undefined;
    if (v && n.output[0]) add(n.output[0], v);
  }
  return out;
}

function int64Initializer(name: string, values: bigint[]): TensorProto {
  return tensorToProto(name, { dtype: 'int64', dims: [values.length], data: BigInt64Array.from(values) });
}

type SliceFix = { kind: 'none' } | { kind: 'blocked'; why: string } | { kind: 'split'; nodes: NodeProto[]; initializers: TensorProto[] };

function fixReverseSlice(n: NodeProto, c: Map<string, bigint[]>, uid: string): SliceFix {
  const [data, startsName, endsName, axesName, stepsName] = n.input;
  if (!stepsName) return { kind: 'none' };
  const steps = c.get(stepsName);
  const label = `Slice '${n.name || n.output[0]}'`;
  if (!steps) return { kind: 'blocked', why: `${label} has steps known only at run time` };
  const starts = c.get(startsName!);
  const ends = c.get(endsName!);
  const axes = axesName ? c.get(axesName) : steps.map((_, i) => BigInt(i));
  if (!steps.some((s) => s < 0n)) return { kind: 'none' };
  if (!starts || !ends || !axes) return { kind: 'blocked', why: `${label} has a negative step and starts/ends/axes known only at run time` };
  const cutAxes: bigint[] = [];
  const cutEnds: bigint[] = [];
  const newStarts = [...starts];
  const newEnds = [...ends];
  for (let i = 0; i < steps.length; i++) {
    const s = starts[i]!;
    if (steps[i]! > 0n || s === -1n || s >= FAR) continue; // starting at the last index is computed correctly
    const e = ends[i]!;
    if (e < 0n && e > -FAR) {
      if (s >= 0n) return { kind: 'blocked', why: `${label} needs the axis length to rewrite (start ${s}, end ${e})` };
      newEnds[i] = e - s - 1n; // same element, counted from the end of the shortened axis
    }
    cutAxes.push(axes[i]!);
    cutEnds.push(s + 1n);
    newStarts[i] = -1n;
  }
  if (cutAxes.length === 0) return { kind: 'none' };
  const p = `${uid}/`;
  const cut = `${p}cut`;
  const initializers = [
    int64Initializer(`${p}cut_starts`, cutAxes.map(() => 0n)),
    int64Initializer(`${p}cut_ends`, cutEnds.map((e) => (e === 0n ? INT64_MAX : e))),
    int64Initializer(`${p}cut_axes`, cutAxes),
    int64Initializer(`${p}starts`, newStarts),
    int64Initializer(`${p}ends`, newEnds),
  ];
  const nodes = [
    node('Slice', [data!, `${p}cut_starts`, `${p}cut_ends`, `${p}cut_axes`], [cut], {}, `${n.name || uid}/cut`),
    node('Slice', [cut, `${p}starts`, `${p}ends`, axesName ?? '', stepsName], [...n.output], {}, n.name),
  ];
  if (!axesName) {
    nodes[1]!.input.splice(3, 1, `${p}axes`);
    initializers.push(int64Initializer(`${p}axes`, axes));
  }
  return { kind: 'split', nodes, initializers };
}

/** The graph `provider` should be given (the input itself when nothing needs changing). */
export function rewriteForProvider(m: ModelProto, provider: ProviderName): ProviderRewrite {
  if (provider !== 'webgpu' || !m.graph) return { model: m, notes: [] };
  const c = constants(m.graph);
  const fixes = new Map<number, { nodes: NodeProto[]; initializers: TensorProto[] }>();
  const notes = new Set<string>();
  const opset = Number(m.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 17n);
  m.graph.node.forEach((n, i) => {
    if (n.domain !== '' && n.domain !== 'ai.onnx') return;
    if (n.opType === 'Slice') {
      const f = fixReverseSlice(n, c, `webgpu_fix/slice${i}`);
      if (f.kind === 'blocked') throw new BlockedRewrite(f.why);
      if (f.kind === 'split') {
        fixes.set(i, f);
        notes.add(SLICE_NOTE);
      }
    } else if (n.opType === 'MaxPool' && (n.output[1] ?? '') !== '' && maxPoolIndicesRewritable(n)) {
      fixes.set(i, rewriteMaxPoolIndices(n, `webgpu_fix/maxpool${i}`, opset));
      notes.add(MAXPOOL_NOTE);
    }
  });
  if (fixes.size === 0) return { model: m, notes: [] };
  const out = clone(ModelProtoSchema, m);
  const base = externalDataBase(m);
  if (base) setExternalDataBase(out, base);
  const g = out.graph!;
  g.node = g.node.flatMap((n, i) => fixes.get(i)?.nodes ?? [n]);
  for (const f of fixes.values()) g.initializer.push(...f.initializers);
  return { model: out, notes: [...notes] };
}

class BlockedRewrite extends Error {}

const SLICE_NOTE = "webgpu: reverse Slice nodes split in two (onnxruntime's WebGPU Slice ignores the start of a negative-step axis)";
const MAXPOOL_NOTE = 'webgpu: MaxPool Indices computed from window taps and ArgMax (onnxruntime\'s WebGPU MaxPool has no Indices output)';

/** rewriteForProvider, with unrewritable graphs reported as a blocker instead of thrown. */
export function prepareForProvider(m: ModelProto, provider: ProviderName): ProviderRewrite {
  try {
    return rewriteForProvider(m, provider);
  } catch (e) {
    if (e instanceof BlockedRewrite) return { model: m, notes: [], blocker: `${provider} computes negative-step Slices wrongly and ${e.message}` };
    throw e;
  }
}
