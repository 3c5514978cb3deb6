import { isAbsolute } from 'node:path';
import type { AnalyzeModelParams } from '../../../protocol/engine';
import type { ModelAnalysis } from '../../../protocol/model';
import { badInput } from '../../util/errors';
import { analyzeModelFile } from '../analysis-adapter';
import type { EngineState } from '../state';

export function analyze(state: EngineState) {
  return async (params: AnalyzeModelParams): Promise<ModelAnalysis> => {
    if (typeof params?.file !== 'string' || !isAbsolute(params.file)) {
      throw badInput(`model/analyze needs an absolute path in 'file', got ${JSON.stringify(params?.file)}.`);
    }
    const size = params.inputSize;
    if (size !== undefined && !(Array.isArray(size) && size.length === 2 && size.every((d) => Number.isInteger(d) && d > 0))) {
      throw badInput(`inputSize must be [H, W] with positive integers, got ${JSON.stringify(size)}.`, { file: params.file });
    }
    return analyzeModelFile(params.file, { inputSize: size, allowRun: state.trusted, provider: state.provider });
  };
}
