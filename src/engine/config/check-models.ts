/**
 * A config checked against the models it names: input names and sizes, latent and noise inputs, the output and its
 * value range, and the layer names. Each problem names the config key (a JSON pointer), what the model has and the
 * fix; the CLI refuses with them (exit 2) and the editor shows them as diagnostics.
 */
import { existsSync } from 'node:fs';
import type { GanLensConfig, NetworkConfig } from './types';
import type { GraphInputInfo, ModelAnalysis } from '../../protocol/model';
import type { ConfigProblem } from '../../protocol/config';
import type { ModelProto } from '../onnx/gen/onnx_pb';
import { shapeFromValueInfo } from '../onnx/shapes/index';
import { findLayer, closeMatches } from '../onnx/resolve';
import { badInput, formatShape } from '../util/errors';
import { baseName } from './names';

/** What the checks need of each model: its analysis and its inputs' declared shapes (before any input size). */
export interface CheckedModel {
  analysis: ModelAnalysis;
  declaredInputs: ReadonlyMap<string, readonly (number | string)[]>;
}

export function checkedModel(model: ModelProto, analysis: ModelAnalysis): CheckedModel {
  const declaredInputs = new Map<string, (number | string)[]>();
  for (const v of model.graph?.input ?? []) {
    const shape = shapeFromValueInfo(v)?.shape;
    if (shape) declaredInputs.set(v.name, shape);
  }
  return { analysis, declaredInputs };
}

export interface ModelsToCheck {
  extractor?: CheckedModel;
  generator?: CheckedModel;
  testNetworks?: Readonly<Record<string, CheckedModel>>;
}

/** Output ops whose value range is fixed. */
const BOUNDED: Record<string, [number, number]> = { Tanh: [-1, 1], Sigmoid: [0, 1] };

const inputList = (inputs: readonly GraphInputInfo[]): string => inputs.map((i) => `${i.name} ${formatShape(i.shape)} (${i.role})`).join(', ') || 'none';
const quoted = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

export function checkModels(cfg: GanLensConfig, models: ModelsToCheck): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (models.extractor) problems.push(...checkNetwork('/extractor', cfg.extractor, models.extractor));
  for (const [k, m] of Object.entries(models.testNetworks ?? {})) {
    const net = cfg.testNetworks[k];
    if (net) problems.push(...checkNetwork(`/testNetworks/${k}`, net, m));
  }
  if (models.generator) problems.push(...checkGenerator(cfg, models.generator));
  if (models.extractor) {
    cfg.pairs.forEach((p, i) => {
      const hit = layerProblem(`/pairs/${i}/from`, p.from, cfg.extractor.layers, models.extractor!.analysis);
      if (hit) problems.push(hit);
    });
  }
  if (models.generator) {
    cfg.pairs.forEach((p, i) => {
      const hit = p.to === 'auto' ? undefined : layerProblem(`/pairs/${i}/to`, p.to, cfg.generator.layers, models.generator!.analysis);
      if (hit) problems.push(hit);
    });
  }
  return problems;
}

/** Throws one bad-input error listing every problem (exit 2 in the CLI). */
export function assertModelsMatch(cfg: GanLensConfig, models: ModelsToCheck): void {
  const problems = checkModels(cfg, models).filter((p) => p.severity !== 'warning');
  if (problems.length === 0) return;
  throw badInput(`${cfg.file} does not fit its models:\n  ${problems.map((p) => `${p.pointer}: ${p.message}`).join('\n  ')}`, {
    file: cfg.file,
    hint: 'Fix the keys named above in the config (or re-export the model); `gan-lens layers <model>` shows its inputs, outputs and layers.',
  });
}

/** One network on its own (a test network opened by an evaluation): throws at its config key. */
export function assertNetworkMatches(at: string, net: NetworkConfig, m: CheckedModel): void {
  const problems = checkNetwork(at, net, m);
  if (problems.length === 0) return;
  throw badInput(`${m.analysis.summary.file} does not fit its config:\n  ${problems.map((p) => `${p.pointer}: ${p.message}`).join('\n  ')}`, {
    file: m.analysis.summary.file,
    hint: 'Fix the keys named above in the config (or re-export the model).',
  });
}

function checkNetwork(at: string, net: NetworkConfig, m: CheckedModel): ConfigProblem[] {
  const { analysis } = m;
  const file = baseName(analysis.summary.file);
  const problems: ConfigProblem[] = [];
  const input = analysis.summary.inputs.find((i) => i.name === net.input);
  if (!input) {
    const images = analysis.summary.inputs.filter((i) => i.role === 'image').map((i) => i.name);
    problems.push({
      pointer: `${at}/input`,
      message: `${file} has no input '${net.input}' (its inputs: ${inputList(analysis.summary.inputs)}). ${images.length ? `Set "input": "${images[0]}".` : 'Name its image input.'}`,
    });
    return problems;
  }
  const declared = m.declaredInputs.get(net.input);
  if (declared && declared.length === 4) {
    const [h, w] = [declared[2], declared[3]];
    const fixed = typeof h === 'number' && typeof w === 'number';
    if (fixed && (h !== net.inputSize[0] || w !== net.inputSize[1])) {
      problems.push({
        pointer: `${at}/inputSize`,
        message: `${formatShape(net.inputSize)} but ${file} was exported for a fixed input size: '${net.input}' is ${formatShape(declared.map((d, i) => (i === 0 && typeof d === 'string' ? 'N' : d)))}. Set "inputSize": [${h}, ${w}], or re-export with dynamic H and W.`,
      });
    }
  }
  for (const [key, target] of Object.entries(net.layers)) {
    if (!findLayer(analysis, target)) problems.push(missingLayer(`${at}/layers/${key}`, target, analysis));
  }
  return problems;
}

function checkGenerator(cfg: GanLensConfig, m: CheckedModel): ConfigProblem[] {
  const g = cfg.generator;
  const { analysis } = m;
  const file = baseName(analysis.summary.file);
  const inputs = analysis.summary.inputs;
  const names = inputs.map((i) => i.name);
  const problems: ConfigProblem[] = [];
  const latentInputs = inputs.filter((i) => i.role === 'latent');
  if (g.latents === undefined) {
    for (const i of latentInputs) {
      if (i.shape.slice(1).some((d) => typeof d !== 'number')) {
        problems.push({ pointer: '/generator', message: `${file}'s latent input '${i.name}' is ${formatShape(i.shape)}, so its size cannot be read from the model. Add "latents": [{"input": "${i.name}", "shape": [...]}] (without the batch dimension).` });
      }
    }
  } else if (g.latents.length === 0 && latentInputs.length > 0) {
    problems.push({
      pointer: '/generator/latents',
      message: `lists no latents, but ${file} takes ${inputList(latentInputs)}. Remove "latents" to sample every latent input of the model, or list them.`,
    });
  }
  (g.latents ?? []).forEach((l, k) => {
    if (l.distribution === 'mapping' && !l.mapping) {
      problems.push({ pointer: `/generator/latents/${k}`, message: `"distribution": "mapping" needs "mapping": the .onnx with the mapping network (e.g. the same network exported with its z input).` });
    } else if (l.mapping && !existsSync(l.mapping)) {
      problems.push({ pointer: `/generator/latents/${k}/mapping`, message: `${l.mapping} does not exist (relative paths resolve against the config's folder).` });
    }
    const info = inputs.find((i) => i.name === l.input);
    if (!info) {
      problems.push({ pointer: `/generator/latents/${k}/input`, message: `'${l.input}' is not an input of ${file} (its inputs: ${inputList(inputs)}). Use one of ${quoted(names)}.` });
      return;
    }
    const want = info.shape.slice(1);
    const mismatch = want.length !== l.shape.length || want.some((d, i) => typeof d === 'number' && d !== l.shape[i]);
    if (mismatch) {
      const fix = want.every((d) => typeof d === 'number') ? `Set "shape": ${formatShape(want)}` : `Give "shape" ${want.length} dims`;
      problems.push({ pointer: `/generator/latents/${k}/shape`, message: `${formatShape(l.shape)} but ${file}'s input '${l.input}' is ${formatShape(info.shape)}. ${fix} (without the batch dimension).` });
    }
  });
  g.noise.inputs.forEach((n, k) => {
    if (!names.includes(n)) problems.push({ pointer: `/generator/noise/inputs/${k}`, message: `'${n}' is not an input of ${file} (its inputs: ${inputList(inputs)}). Use one of ${quoted(names)}, or remove it.` });
  });
  const outputs = analysis.summary.outputs.map((o) => o.name);
  const output = g.output.name ?? outputs[0];
  if (g.output.name !== undefined && !outputs.includes(g.output.name)) {
    problems.push({ pointer: '/generator/output/name', message: `'${g.output.name}' is not an output of ${file} (its outputs: ${quoted(outputs)}). Use one of them, or remove the key to take the first.` });
  }
  const [lo, hi] = g.output.range;
  const producer = analysis.layers.find((l) => l.tensor === output)?.op;
  const bounds = producer ? BOUNDED[producer] : undefined;
  if (!(lo < hi)) {
    problems.push({ pointer: '/generator/output/range', message: `[${lo}, ${hi}] is empty: give [low, high] with low < high${bounds ? `, for ${file}: [${bounds.join(', ')}]` : ''}.` });
  } else if (bounds && (lo !== bounds[0] || hi !== bounds[1])) {
    problems.push({
      pointer: '/generator/output/range',
      message: `[${lo}, ${hi}] but ${file}'s output '${output}' comes out of ${producer}, whose values lie in [${bounds.join(', ')}]. Set "range": [${bounds.join(', ')}].`,
    });
  }
  for (const [key, target] of Object.entries(g.layers)) {
    if (!findLayer(analysis, target)) problems.push(missingLayer(`/generator/layers/${key}`, target, analysis));
  }
  return problems;
}

function layerProblem(pointer: string, name: string, table: Record<string, string>, analysis: ModelAnalysis): ConfigProblem | undefined {
  if (name in table) return undefined; // the table entry is checked itself
  return findLayer(analysis, name) ? undefined : missingLayer(pointer, name, analysis);
}

function missingLayer(pointer: string, name: string, analysis: ModelAnalysis): ConfigProblem {
  const close = closeMatches(analysis, name);
  const file = baseName(analysis.summary.file);
  return {
    pointer,
    message: `${file} has no layer or tensor '${name}'.${close.length ? ` Did you mean ${quoted(close)}?` : ''} \`gan-lens layers ${file}\` lists them.`,
  };
}
