/**
 * The static inference pass: walks the main graph once, applying each node's shape rule. Ops without a rule (and
 * ops of other domains) keep their first input's element type and leave shapes unknown; the analysis then asks
 * onnxruntime in one probing run.
 */
import type { GraphProto, NodeProto } from '../gen/onnx_pb';
import { badInput, formatShape, internalError, isGanLensError, errorMessage } from '../../util/errors';
import { ShapeContext, unknownOutputs } from './context';
import { SHAPE_RULES } from './rules';
import { shapeFromValueInfo } from './valueinfo';
import { smallValues } from './values';
import type { InferOptions, Outputs, Shape, ShapeRule, TensorType } from './types';

/** The rule that applies to a node: its op's, or the unknown-op rule. */
export function ruleFor(n: NodeProto): ShapeRule {
  const standard = n.domain === '' || n.domain === 'ai.onnx';
  return (standard ? SHAPE_RULES.get(n.opType) : undefined) ?? unknownOutputs;
}

/** Runs one node's rule; a rule that throws (a damaged constant, a bug) is reported with the node and its inputs. */
function applyRule(n: NodeProto, ctx: ShapeContext): Outputs {
  try {
    return ruleFor(n)(n, ctx);
  } catch (e) {
    const shapes = n.input.map((i) => `${i || '(none)'}: ${formatShape(ctx.shape(i) ?? ['?'])}`).join(', ');
    const message = `Shape inference failed at node '${n.name || '(unnamed)'}' (${n.opType}) with inputs ${shapes || '(none)'}: ${errorMessage(e)}`;
    const details = { node: n.name };
    throw isGanLensError(e) && e.kind === 'bad-input' ? badInput(message, details) : internalError(message, details);
  }
}

function validShape(shape: Shape): boolean {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d === 'string') continue;
    if (typeof d !== 'number' || !Number.isFinite(d) || d < 0) return false;
  }
  return true;
}

/** Declared types of value_info and outputs, with symbols renamed. */
function declaredTypes(graph: GraphProto, options: InferOptions): Map<string, TensorType> {
  const declared = new Map<string, TensorType>();
  if (!options.useValueInfo) return declared;
  const rename = options.renameSymbol;
  for (const v of [...graph.valueInfo, ...graph.output]) {
    const t = shapeFromValueInfo(v);
    if (t) declared.set(v.name, rename && t.shape ? { ...t, shape: t.shape.map((d) => (typeof d === 'string' ? rename(d) : d)) } : t);
  }
  return declared;
}

/** Records what a rule found for one output, filling gaps from the declared type. */
function record(ctx: ShapeContext, name: string, found: Outputs[number], declared: TensorType | undefined): void {
  const t = found && 'elemType' in found ? found : undefined;
  if (t && t.shape && validShape(t.shape)) ctx.types.set(name, { elemType: t.elemType || declared?.elemType || 0, shape: t.shape });
  else if (declared && (declared.shape || !t)) ctx.types.set(name, { elemType: declared.elemType || t?.elemType || 0, shape: declared.shape });
  else if (t) ctx.types.set(name, { elemType: t.elemType, shape: null });
  if (!ctx.types.get(name)?.shape && found?.rank !== undefined) ctx.ranks.set(name, found.rank);
}

/** Runs the pass: types, ranks, small values and constants of every tensor of the main graph that it can know. */
export function runInference(graph: GraphProto, options: InferOptions = {}): ShapeContext {
  const ctx = new ShapeContext();
  for (const init of graph.initializer) {
    ctx.types.set(init.name, { elemType: init.dataType, shape: init.dims.map(Number) });
    ctx.consts.set(init.name, init);
    const v = smallValues(init);
    if (v) ctx.values.set(init.name, v);
  }
  for (const input of graph.input) {
    if (ctx.types.has(input.name)) continue;
    const t = shapeFromValueInfo(input);
    const override = options.inputShapes?.get(input.name);
    if (t) ctx.types.set(input.name, { elemType: t.elemType, shape: override ? [...override] : t.shape });
    else if (override) ctx.types.set(input.name, { elemType: 0, shape: [...override] });
  }
  const declared = declaredTypes(graph, options);
  for (const n of graph.node) {
    const outs = applyRule(n, ctx);
    n.output.forEach((name, k) => {
      if (name) record(ctx, name, outs[k], declared.get(name));
    });
  }
  return ctx;
}

/** Infers element type and shape of every tensor of the main graph that it can. */
export function inferShapes(graph: GraphProto, options: InferOptions = {}): Map<string, TensorType> {
  return runInference(graph, options).types;
}
