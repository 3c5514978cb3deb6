/** Everything a stitch job needs from a config: both models read and analysed, the pair resolved. */
import type { GanLensConfig, PairConfig } from '../config/types';
import type { ModelAnalysis } from '../protocol/model';
import { analyzeModel } from '../onnx/analysis';
import { readModel } from '../onnx/io';
import { resolvePair } from './pair';
import type { StitchModels } from './graphs';
import { assertModelsMatch, checkedModel } from '../config/check-models';

export interface StitchSetup {
  config: GanLensConfig;
  models: StitchModels;
  extractorAnalysis: ModelAnalysis;
  generatorAnalysis: ModelAnalysis;
}

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

/** `offset` shifts an 'auto' target by sampling distance (+1: one up-sampling closer to the output). */
export async function loadStitchSetup(config: GanLensConfig, pair: PairConfig, offset = 0): Promise<StitchSetup> {
  const ext = await loadAnalysed(config.extractor.model, config.extractor.inputSize);
  const gen = await loadAnalysed(config.generator.model);
  assertModelsMatch(config, { extractor: checkedModel(ext.model, ext.analysis), generator: checkedModel(gen.model, gen.analysis) });
  const resolved = resolvePair(ext.analysis, gen.analysis, pair, { extractor: config.extractor.layers, generator: config.generator.layers }, offset);
  const models: StitchModels = {
    extractor: ext.model,
    generator: gen.model,
    pair: resolved,
    pre: { inputName: config.extractor.input, inputSize: config.extractor.inputSize, mean: config.extractor.mean, std: config.extractor.std },
    gen: { ...(config.generator.output.name ? { output: config.generator.output.name } : {}), range: config.generator.output.range },
  };
  return { config, models, extractorAnalysis: ext.analysis, generatorAnalysis: gen.analysis };
}
