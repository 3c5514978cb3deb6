/** Models read and analysed once per process (and input size): every job of a run shares them. */
import type { ModelAnalysis } from '../../protocol/model';
import { analyzeModel } from './analyze';
import { readModel } from '../onnx/io';

const analyses = new Map<string, Promise<{ model: ReturnType<typeof readModel>; analysis: ModelAnalysis }>>();

/** Reads and analyses a model once per process and input size. */
export function loadAnalysed(file: string, inputSize?: [number, number]): Promise<{ model: ReturnType<typeof readModel>; analysis: ModelAnalysis }> {
  const key = `${file}@${inputSize?.join('x') ?? ''}`;
  let hit = analyses.get(key);
  if (!hit) {
    hit = (async () => {
      const model = readModel(file);
      const analysis = await analyzeModel(model, { file, ...(inputSize ? { inputSize } : {}) });
      return { model, analysis };
    })();
    analyses.set(key, hit);
    hit.catch(() => analyses.delete(key));
  }
  return hit;
}

