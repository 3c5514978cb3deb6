/** The one place that loads onnxruntime-node, so tests and the CLI see the same module. */
import * as ort from 'onnxruntime-node';
export { ort };
export type OrtTensor = ort.Tensor;
export type OrtSession = ort.InferenceSession;
