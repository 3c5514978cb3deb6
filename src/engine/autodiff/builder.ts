/**
 * Reverse-mode gradient builder: from a forward ModelProto, a scalar loss tensor and the tensors to differentiate
 * with respect to, emits one ONNX model (standard ops) that outputs the loss and the gradients, reusing the
 * forward activations.
 */
import { clone } from '@bufbuild/protobuf';
import { ModelProtoSchema, type GraphProto, type ModelProto, type NodeProto, type ValueInfoProto } from '../onnx/gen/onnx_pb';
import { valueInfo } from '../onnx/builder';
import { onnxToDType } from '../onnx/dtype';
import { tensorFromProto, type HostTensor } from '../onnx/tensor';
import { badInput } from '../util/errors';
import { Emitter } from './emitter';
import { NON_DIFFERENTIABLE } from './nondiff';
import { RULES } from './rules/index';
import type { ConvGradientForm, RuleContext } from './rule';
import { constNumbers, staticInfo } from './staticinfo';
import { topoSort } from './topo';
import type { TensorType } from '../onnx/shapes/index';

export interface GradientSpec {
  /** Name of the scalar loss tensor (a graph output or any intermediate). Non-scalar losses are summed. */
  loss: string;
  /** Graph inputs, initializers (promoted to inputs) or intermediate tensors. */
  wrt: string[];
  /** Other tensors to output as well (e.g. the tapped activation). */
  keep?: string[];
  /**
   * Conv gradient forms: 'fast' (default) uses the kernels that run fastest on onnxruntime CPU where the geometry
   * allows; 'general' always emits ConvTranspose (dX) and a role-swapped Conv (dW), so benchmarks can time both.
   */
  convGradient?: ConvGradientForm;
}

export interface GradientModel {
  model: ModelProto;
  loss: string;
  /** Output name of each wrt tensor's gradient. */
  grads: Record<string, string>;
  /** Initializers that became inputs, in wrt order. */
  promoted: string[];
  /** Their values, to feed (or train). */
  promotedValues: Record<string, HostTensor>;
}

function gradientName(wrt: string): string {
  return `grad:${wrt}`;
}

export function buildGradient(forward: ModelProto, spec: GradientSpec): GradientModel {
  const m = clone(ModelProtoSchema, forward);
  const g = m.graph!;
  const promotedValues = promoteInitializers(g, spec.wrt);
  const promoted = Object.keys(promotedValues);
  const info = staticInfo(g);
  const shapes = info.shapes;
  const nodes = topoSort(g);
  const producers = new Map<string, NodeProto>();
  for (const n of nodes) for (const o of n.output) if (o) producers.set(o, n);
  const known = new Set<string>([...g.input.map((i) => i.name), ...g.initializer.map((t) => t.name), ...producers.keys()]);
  if (!known.has(spec.loss)) {
    throw badInput(`The loss tensor '${spec.loss}' is not in the graph.`, { tensor: spec.loss, hint: 'Name a tensor the model computes.' });
  }
  for (const w of spec.wrt) {
    if (!known.has(w)) {
      throw badInput(`Cannot differentiate with respect to '${w}': no input, initializer or tensor has that name.`, {
        tensor: w,
        hint: `Graph inputs are: ${g.input.map((i) => i.name).join(', ')}.`,
      });
    }
  }

  const diffInputs = (n: NodeProto): number[] => {
    if (NON_DIFFERENTIABLE.has(n.opType)) return [];
    const r = RULES[n.opType];
    return r ? r.differentiable(n).filter((i) => (n.input[i] ?? '') !== '') : n.input.map((_, i) => i);
  };

  // Tensors that depend differentiably on some wrt tensor.
  const fromWrt = new Set(spec.wrt);
  for (const n of nodes) {
    if (diffInputs(n).some((i) => fromWrt.has(n.input[i]!))) for (const o of n.output) if (o) fromWrt.add(o);
  }
  // Tensors the loss depends on.
  const toLoss = new Set([spec.loss]);
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k]!;
    if (n.output.some((o) => toLoss.has(o))) for (const i of n.input) if (i) toLoss.add(i);
  }
  const onPath = nodes.filter((n) => n.output.some((o) => toLoss.has(o)) && diffInputs(n).some((i) => fromWrt.has(n.input[i]!)));
  const missing = onPath.filter((n) => !RULES[n.opType]);
  if (missing.length) {
    const n = missing[0]!;
    const where = nodes.indexOf(n);
    throw badInput(
      `No gradient rule for op ${n.opType} (node '${n.name || '(unnamed)'}', #${where} of ${nodes.length}, ` +
        `inputs ${n.input.join(', ')} → outputs ${n.output.join(', ')}), which lies between ${spec.wrt.join(', ')} and the loss.` +
        (missing.length > 1 ? ` Also missing: ${[...new Set(missing.slice(1).map((x) => x.opType))].join(', ')}.` : ''),
      { node: n.name, hint: 'Differentiate with respect to a tensor after this node, or tap an earlier layer.' },
    );
  }

  const e = new Emitter(known, (name) => info.dtype.get(name));
  const grads: Record<string, string> = {};
  for (const w of spec.wrt) {
    grads[w] = gradientName(w);
    e.reserve(grads[w]);
  }
  for (const n of onPath) RULES[n.opType]!.prepare?.(n, e);

  const contributions = new Map<string, string[]>();
  const gradShapes: ValueInfoProto[] = [];
  // A gradient has its tensor's shape: saying so lets onnxruntime's layout passes (NCHWc) see through the
  // backward graph, whose dynamic Expand/Reshape nodes its own shape inference cannot follow.
  const declareLike = (t: string, gname: string): void => {
    const shape = shapes.get(t)?.shape;
    const dt = info.dtype.get(t);
    if (!shape || !dt || shape.some((d) => typeof d === 'string' && d.includes(':'))) return;
    gradShapes.push(valueInfo(gname, dt, [...shape]));
  };
  const addGrad = (t: string, gname: string): void => {
    const list = contributions.get(t) ?? [];
    list.push(gname);
    contributions.set(t, list);
    const dt = info.dtype.get(t);
    if (dt) info.dtype.set(gname, dt);
    const rk = info.rank.get(t);
    if (rk !== undefined) info.rank.set(gname, rk);
    declareLike(t, gname);
  };
  const accumulated = (t: string): string | undefined => {
    const list = contributions.get(t);
    if (!list || list.length === 0) return undefined;
    if (list.length === 1) return list[0];
    const s = e.op('Sum', list);
    const dt = info.dtype.get(t);
    if (dt) info.dtype.set(s, dt);
    declareLike(t, s);
    contributions.set(t, [s]);
    return s;
  };

  const one = e.scalarLike(1, spec.loss);
  addGrad(spec.loss, info.rank.get(spec.loss) === 0 ? one : e.op('Expand', [one, e.shape(spec.loss)]));

  for (let k = onPath.length - 1; k >= 0; k--) {
    const n = onPath[k]!;
    const gradOut = n.output.map((o) => (o ? accumulated(o) : undefined));
    if (gradOut.every((x) => x === undefined)) continue;
    const diff = new Set(diffInputs(n));
    const needs = n.input.map((inp, i) => diff.has(i) && fromWrt.has(inp));
    const ctx: RuleContext = {
      node: n,
      inputs: [...n.input],
      outputs: [...n.output],
      gradOut,
      needs,
      e,
      rankOf: (name) => info.rank.get(name) ?? shapes.get(name)?.shape?.length,
      shapeOf: (name) => shapes.get(name)?.shape ?? undefined,
      sameShape: (a, b) => sameStaticShape(shapes, a, b),
      constValue: (name) => constNumbers(info, name),
      convGradient: spec.convGradient ?? 'fast',
    };
    const result = RULES[n.opType]!.backward(ctx);
    result.forEach((gi, i) => {
      if (gi && needs[i]) addGrad(n.input[i]!, gi);
    });
  }

  const outputs = [];
  const lossOut = valueInfo(spec.loss, info.dtype.get(spec.loss) ?? 'float32');
  outputs.push(lossOut);
  for (const w of spec.wrt) {
    const acc = accumulated(w) ?? e.zerosLike(w);
    e.opNamed('Identity', [acc], grads[w]!);
    outputs.push(valueInfo(grads[w]!, info.dtype.get(w) ?? 'float32'));
  }
  for (const k of spec.keep ?? []) if (k !== spec.loss) outputs.push(valueInfo(k, info.dtype.get(k) ?? 'float32'));

  g.node = [...nodes, ...e.nodes];
  g.initializer.push(...e.initializers);
  g.output = outputs;
  // Only tensors the backward nodes compute (not forward tensors or constants passed through as gradients).
  const computed = new Set(e.nodes.flatMap((n) => n.output));
  const declared = new Set([...g.valueInfo.map((v) => v.name), ...outputs.map((o) => o.name), ...known]);
  for (const v of gradShapes) {
    if (!computed.has(v.name) || declared.has(v.name)) continue;
    declared.add(v.name);
    g.valueInfo.push(v);
  }
  pruneDead(g);
  return { model: m, loss: spec.loss, grads, promoted, promotedValues };
}

/** Turns wrt initializers into graph inputs (their values stay available to the caller via `promoted`). */
function promoteInitializers(g: GraphProto, wrt: string[]): Record<string, HostTensor> {
  const promoted: Record<string, HostTensor> = {};
  const inputs = new Set(g.input.map((i) => i.name));
  for (const w of wrt) {
    const idx = g.initializer.findIndex((t) => t.name === w);
    if (idx < 0) continue;
    const t = g.initializer[idx]!;
    if (!inputs.has(w)) {
      g.input.push(valueInfo(w, onnxToDType(t.dataType) ?? 'float32', t.dims.map(Number)));
    }
    promoted[w] = tensorFromProto(t);
    g.initializer.splice(idx, 1);
  }
  return promoted;
}

/** Drops nodes, initializers and inputs that no output needs (e.g. the network after the tapped layer). */
export function pruneDead(g: GraphProto): void {
  const needed = new Set(g.output.map((o) => o.name));
  const keep: NodeProto[] = [];
  for (let k = g.node.length - 1; k >= 0; k--) {
    const n = g.node[k]!;
    if (n.output.some((o) => needed.has(o))) {
      keep.push(n);
      for (const i of n.input) if (i) needed.add(i);
      for (const a of n.attribute) if (a.g) for (const sn of a.g.node) for (const i of sn.input) needed.add(i);
    }
  }
  g.node = keep.reverse();
  g.initializer = g.initializer.filter((t) => needed.has(t.name));
  g.input = g.input.filter((i) => needed.has(i.name));
  g.valueInfo = g.valueInfo.filter((v) => needed.has(v.name));
}

function sameStaticShape(shapes: Map<string, TensorType>, a: string, b: string): boolean {
  const sa = shapes.get(a)?.shape;
  const sb = shapes.get(b)?.shape;
  if (!sa || !sb || sa.length !== sb.length) return false;
  return sa.every((d, i) => d === sb[i] && (typeof d === 'number' || !d.includes(':')));
}
