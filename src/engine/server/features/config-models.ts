/**
 * The editor's half of config/check-models: analyses the models a config names (static inference only, so it works
 * in restricted mode) and returns the mismatches as problems with JSON pointers. Analyses are kept per file version.
 */
import { existsSync, statSync } from 'node:fs';
import type { ConfigProblem } from '../../../protocol/config';
import type { GanLensConfig } from '../../config/types';
import { checkModels, checkedModel, type CheckedModel, type ModelsToCheck } from '../../config/check-models';
import { analyzeModel } from '../../model/analyze';
import { readModel } from '../../onnx/io';
import { errorMessage } from '../../util/errors';

const cache = new Map<string, Promise<CheckedModel>>();
const MAX_CACHED = 8;

function analysed(file: string, inputSize: [number, number] | undefined): Promise<CheckedModel> {
  const st = statSync(file);
  const key = `${file}\0${st.mtimeMs}\0${st.size}\0${inputSize?.join('x') ?? ''}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = (async () => {
      const model = readModel(file);
      return checkedModel(model, await analyzeModel(model, { file, probe: false, ...(inputSize ? { inputSize } : {}) }));
    })();
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }
  return hit;
}

/** Problems between a parsed config and its models; a model that cannot be read is a problem at its own key. */
export async function checkConfigModels(cfg: GanLensConfig): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const load = async (pointer: string, file: string, inputSize?: [number, number]): Promise<CheckedModel | undefined> => {
    if (!existsSync(file)) return undefined; // reported by the file checks
    try {
      return await analysed(file, inputSize);
    } catch (e) {
      problems.push({ pointer, message: `Could not read ${file}: ${errorMessage(e).split('\n')[0]}` });
      return undefined;
    }
  };
  const models: ModelsToCheck = {};
  const extractor = await load('/extractor/model', cfg.extractor.model, cfg.extractor.inputSize);
  if (extractor) models.extractor = extractor;
  const generator = await load('/generator/model', cfg.generator.model);
  if (generator) models.generator = generator;
  const tests: Record<string, CheckedModel> = {};
  for (const [k, n] of Object.entries(cfg.testNetworks)) {
    const m = await load(`/testNetworks/${k}/model`, n.model, n.inputSize);
    if (m) tests[k] = m;
  }
  models.testNetworks = tests;
  return [...problems, ...checkModels(cfg, models)];
}
