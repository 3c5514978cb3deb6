/** Model analysis as the product runs it: static inference, then a probing run through onnxruntime for the rest. */
import type { ModelProto } from '../onnx/gen/onnx_pb';
import type { ModelAnalysis } from '../../protocol/model';
import { analyzeGraph, type AnalyzeOptions } from '../onnx/analysis';
import { sessionShapeProber } from '../runtime/shape-probe';
import type { SessionOptions } from '../runtime/session';

export interface AnalyzeModelOptions extends Omit<AnalyzeOptions, 'prober'> {
  /** Run onnxruntime once for tensors static inference could not size (default true). */
  probe?: boolean;
  session?: SessionOptions;
}

export function analyzeModel(source: string | ModelProto, options: AnalyzeModelOptions = {}): Promise<ModelAnalysis> {
  const { probe, session, ...rest } = options;
  return analyzeGraph(source, probe === false ? rest : { ...rest, prober: sessionShapeProber(session) });
}
