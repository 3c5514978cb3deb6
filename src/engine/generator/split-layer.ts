/**
 * The layer generator inversion splits at by default (Pividori et al. §3.2: "the first dense layer"): the first
 * dense layer (Gemm/MatMul) whose output, through element-wise ops only, is reshaped into a spatial map — BigGAN's
 * `linear` before its view to 4×4, a DCGAN's fc. A class embedding (BigGAN's `shared` MatMul, concatenated with z) and
 * StyleGAN's mapping and style affines (which only scale feature maps by broadcasting) are not that layer.
 *
 * Generators without one — StyleGAN2 starts from a learned constant — split at the first spatial activation the
 * latent reaches, taken at its module's output: StyleGAN2's `synthesis.b4.conv1`, the first modulated convolution.
 */
import type { GraphProto, NodeProto } from '../onnx/gen/onnx_pb';
import type { LayerInfo, ModelAnalysis } from '../../protocol/model';
import { parseScope } from '../onnx/names';
import { badInput } from '../util/errors';

const DENSE = new Set(['Gemm', 'MatMul']);
const RESHAPES = new Set(['Reshape', 'Flatten', 'Unsqueeze', 'Squeeze', 'Transpose']);
const ELEMENTWISE = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Gelu', 'Sigmoid', 'Tanh', 'Clip', 'Cast',
  'Identity', 'Dropout', 'BatchNormalization', 'Softplus', 'Mish', 'HardSwish', 'HardSigmoid',
]);
/** Ops whose output carries no values of their input. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);

const spatialMap = (l: LayerInfo | undefined): boolean => !!l?.spatial && l.spatial[0] * l.spatial[1] > 1;
const sameShape = (a: LayerInfo | undefined, b: LayerInfo | undefined): boolean => !!a?.shape && !!b?.shape && a.shape.join() === b.shape.join();

export function defaultSplitLayer(graph: GraphProto, analysis: ModelAnalysis): LayerInfo {
  const layerOf = new Map(analysis.layers.map((l) => [l.tensor, l]));
  const consumers = new Map<string, NodeProto[]>();
  for (const n of graph.node) for (const t of n.input) if (t) consumers.set(t, [...(consumers.get(t) ?? []), n]);
  const reached = latentReach(graph);

  /** Through element-wise ops (no broadcasting of this operand) and reshapes, into a map of more than one pixel. */
  const becomesSpatial = (start: string): boolean => {
    const seen = new Set<string>([start]);
    const todo = [start];
    while (todo.length > 0 && seen.size < 64) {
      const t = todo.pop()!;
      for (const n of consumers.get(t) ?? []) {
        const y = n.output[0];
        if (!y || seen.has(y)) continue;
        if (RESHAPES.has(n.opType) && n.input[0] === t) {
          if (spatialMap(layerOf.get(y))) return true;
        } else if (!ELEMENTWISE.has(n.opType) || !sameShape(layerOf.get(t), layerOf.get(y))) continue;
        seen.add(y);
        todo.push(y);
      }
    }
    return false;
  };

  const dense = analysis.layers.find((l) => DENSE.has(l.op) && !l.constant && reached.has(l.tensor) && becomesSpatial(l.tensor));
  if (dense) return dense;
  const first = analysis.layers.find((l) => !l.constant && reached.has(l.tensor) && spatialMap(l));
  if (!first) {
    throw badInput(`${analysis.summary.file} has no dense layer that feeds a spatial map, and no spatial layer its latent reaches.`, {
      file: analysis.summary.file,
      hint: 'Pass --layer with a generator layer (`gan-lens layers` on the generator lists them).',
    });
  }
  return moduleOutput(first, analysis) ?? first;
}

/** Tensors whose values depend on a graph input (shape-only paths excluded). */
function latentReach(graph: GraphProto): Set<string> {
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const reached = new Set(graph.input.map((v) => v.name).filter((n) => !initializers.has(n)));
  for (const n of graph.node) {
    if (SHAPE_ONLY.has(n.opType) || !n.input.some((t) => reached.has(t))) continue;
    for (const t of n.output) if (t) reached.add(t);
  }
  return reached;
}

/** The output of the innermost module producing `l`, when it is a feature map of the same size. */
function moduleOutput(l: LayerInfo, analysis: ModelAnalysis): LayerInfo | undefined {
  const module = parseScope(l.node)?.modules.at(-1);
  if (!module) return undefined;
  const out = analysis.layers.find((x) => x.name === module || x.aliases.includes(module));
  const channels = out?.shape?.[1];
  return out && typeof channels === 'number' && channels > 4 && out.spatial?.join() === l.spatial?.join() ? out : undefined;
}
