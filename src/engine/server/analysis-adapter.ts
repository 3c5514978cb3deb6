/**
 * The one place the engine process calls model analysis. Until src/engine/onnx/analysis.ts (analyzeModel) lands,
 * it uses the static fallback in basic-analysis.ts; switch the import below when it does.
 */
import type { ModelAnalysis } from '../protocol/model';
import { basicAnalysis } from './basic-analysis';

export interface AnalyzeOptions {
  inputSize?: [number, number];
  /** False in restricted mode: shapes come from static inference only, no onnxruntime probing run. */
  allowRun: boolean;
}

export async function analyzeModelFile(file: string, _options: AnalyzeOptions): Promise<ModelAnalysis> {
  return basicAnalysis(file);
}
