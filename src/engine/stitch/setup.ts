/** Everything a stitch job needs from a config: both models read and analysed, the pair resolved. */
import type { GanLensConfig, PairConfig } from '../config/types';
import type { ModelAnalysis } from '../../protocol/model';
import { loadAnalysed } from '../model/loaded';
import { loadGenerator } from '../generator/load';
import { resolvePair } from './pair';
import type { StitchModels } from './graphs';
import { assertModelsMatch, checkedModel } from '../config/check-models';

export interface StitchSetup {
  config: GanLensConfig;
  models: StitchModels;
  extractorAnalysis: ModelAnalysis;
  generatorAnalysis: ModelAnalysis;
}

/** `offset` shifts an 'auto' target by sampling distance (+1: one up-sampling closer to the output). */
export async function loadStitchSetup(config: GanLensConfig, pair: PairConfig, offset = 0): Promise<StitchSetup> {
  const ext = await loadAnalysed(config.extractor.model, config.extractor.inputSize);
  const gen = await loadGenerator(config);
  assertModelsMatch(config, { extractor: checkedModel(ext.model, ext.analysis), generator: gen.declared });
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
