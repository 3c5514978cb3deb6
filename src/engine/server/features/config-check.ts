/** config/check: what loadConfig would refuse, as problems with JSON pointers (the editor turns them into squiggles). */
import { existsSync } from 'node:fs';
import type { ConfigCheckParams, ConfigProblem } from '../../../protocol/config';
import { configErrors, parseConfig } from '../../config/load';
import { errorMessage, isGanLensError } from '../../util/errors';
import { absolutePath, requiredString } from './guards';
import { checkConfigModels } from './config-models';

const M = 'config/check';

/** "/training/batchSize: must be integer" → pointer and message. */
function split(line: string): ConfigProblem {
  const m = /^(\/[^:]*|\/): (.*)$/s.exec(line);
  return m ? { pointer: m[1] === '/' ? '' : m[1]!, message: m[2]! } : { pointer: '', message: line };
}

export function checkConfigText(file: string, text: string): ConfigProblem[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec(errorMessage(e));
    return [{ pointer: '', message: `Not valid JSON: ${errorMessage(e)}`, ...(pos ? { offset: Number(pos[1]) } : {}) }];
  }
  const schemaProblems = configErrors(structuredClone(raw));
  if (schemaProblems.length > 0) return schemaProblems.map(split);
  let cfg;
  try {
    cfg = parseConfig(text, file);
  } catch (e) {
    const msg = isGanLensError(e) ? e.message : errorMessage(e);
    const m = /: (\/[^:]+): (.*)$/s.exec(msg);
    return [m ? { pointer: m[1]!, message: m[2]! } : { pointer: '', message: msg }];
  }
  const problems: ConfigProblem[] = [];
  const model = (pointer: string, p: string): void => {
    if (!existsSync(p)) problems.push({ pointer, message: `Model file ${p} does not exist (relative paths resolve against the config's folder).` });
  };
  model('/extractor/model', cfg.extractor.model);
  model('/generator/model', cfg.generator.model);
  for (const [k, n] of Object.entries(cfg.testNetworks)) model(`/testNetworks/${k}/model`, n.model);
  for (const [k, d] of Object.entries(cfg.data)) {
    if (d.kind === 'folder' && !existsSync(d.folder)) problems.push({ pointer: `/data/${k}/folder`, message: `Image folder ${d.folder} does not exist.` });
    if (d.kind === 'folder' && d.masks && !existsSync(d.masks)) problems.push({ pointer: `/data/${k}/masks`, message: `Mask folder ${d.masks} does not exist.` });
  }
  const layerNames = new Set([...Object.keys(cfg.extractor.layers)]);
  cfg.pairs.forEach((p, i) => {
    if (Object.keys(cfg.extractor.layers).length > 0 && !layerNames.has(p.from) && !p.from.startsWith('/')) {
      problems.push({ pointer: `/pairs/${i}/from`, message: `'${p.from}' is not a key of /extractor/layers (${[...layerNames].join(', ')}) nor a tensor name; it must then be a tensor, alias or readable layer name of the extractor.`, severity: 'warning' });
    }
    if (p.to !== 'auto' && Object.keys(cfg.generator.layers).length > 0 && !(p.to in cfg.generator.layers) && !p.to.startsWith('/')) {
      problems.push({ pointer: `/pairs/${i}/to`, message: `'${p.to}' is not 'auto', a key of /generator/layers (${Object.keys(cfg.generator.layers).join(', ')}) nor a tensor name; it must then be a layer of the generator.`, severity: 'warning' });
    }
  });
  return problems;
}

export function configCheck() {
  return async (params: ConfigCheckParams): Promise<ConfigProblem[]> => {
    const file = absolutePath(M, 'file', params.file, false);
    const text = requiredString(M, 'text', params.text);
    const problems = checkConfigText(file, text);
    if (problems.some((p) => p.severity !== 'warning')) return problems;
    // The models decide what the name-only pair warnings could not: drop those, keep what the models say.
    const fromModels = await checkConfigModels(parseConfig(text, file));
    return [...problems.filter((p) => !p.pointer.startsWith('/pairs/')), ...fromModels];
  };
}
