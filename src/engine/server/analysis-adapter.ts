/** The one place the engine process calls model analysis (src/engine/onnx/analysis.ts). */
import { analyzeModel } from '../model/analyze';
import type { ModelAnalysis } from '../../protocol/model';
import type { ProviderChoice } from '../runtime/providers';

export interface AnalyzeOptions {
  inputSize?: [number, number];
  /** False in restricted mode: shapes come from static inference only, no onnxruntime probing run. */
  allowRun: boolean;
  provider: ProviderChoice;
}

export async function analyzeModelFile(file: string, options: AnalyzeOptions): Promise<ModelAnalysis> {
  return analyzeModel(file, {
    inputSize: options.inputSize,
    probe: options.allowRun,
    session: { provider: options.provider },
  });
}
