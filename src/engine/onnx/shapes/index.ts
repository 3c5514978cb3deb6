/**
 * Static type and shape inference for the ops vision networks use: one rule per op (tables per op family, merged in
 * rules.ts) applied by one pass (infer.ts). Unknown ops (or unknown inputs) leave their outputs without a shape; the
 * analysis then asks onnxruntime in one probing run. Small integer tensors (shapes, axes, scales) are propagated as
 * values so that Reshape/Resize/Slice targets built from Shape ops resolve.
 */
export type { Dim, Shape, TensorType, InferOptions, ShapeRule, ShapeRules, Inferred, RankOnly, Outputs } from './types';
export { ShapeContext } from './context';
export { broadcast, isStatic } from './dimmath';
export { shapeFromValueInfo } from './valueinfo';
export { SHAPE_RULES } from './rules';
export { inferShapes, ruleFor, runInference } from './infer';
