/**
 * Everything an inversion needs from a config: the generator split at a layer (default: the first dense layer that
 * feeds the spatial blocks, see generator/split-layer.ts), its latent inputs, output size and range, and the feature
 * network C cut at a chosen layer.
 */
import type { GanLensConfig, NetworkConfig } from '../config/types';
import type { LayerInfo, ModelAnalysis } from '../../protocol/model';
import { loadAnalysed } from '../model/loaded';
import { lookupLayer } from '../model/lookup-layer';
import { planGeneratorInputs, type InputPlan } from '../generator/feeds';
import { defaultSplitLayer } from '../generator/split-layer';
import { assertModelsMatch } from '../config/check-models';
import { loadGenerator } from '../generator/load';
import { badInput, formatShape } from '../util/errors';
import { openSession } from '../runtime/session';
import { cut } from '../onnx/surgery';
import type { ModelProto } from '../onnx/gen/onnx_pb';
import { imageFeeds } from './feeds';
import type { FeatureNet, GeneratorSplit } from './graphs';

export interface InversionSetup {
  config: GanLensConfig;
  split: GeneratorSplit;
  /** The split layer as the user asked for it and as found. */
  layerName: string;
  layerInfo: LayerInfo;
  /** Shape of h without the batch dimension. */
  layerShape: number[];
  generatorAnalysis: ModelAnalysis;
  /** How each generator input is fed (latents are optimised, the rest fixed per image). */
  plans: InputPlan[];
  features?: FeatureNet & { network: string; layerName: string };
}

export interface FeatureChoice {
  /** 'extractor', a key of testNetworks, or 'none'. Default 'extractor'. */
  network?: string;
  /** A layer of that network (config layer name, tensor name or alias). Default: its last config layer. */
  layer?: string;
}

function concreteShape(l: LayerInfo, file: string): number[] {
  const s = l.shape;
  if (!s || s.length < 2 || s.slice(1).some((d) => typeof d !== 'number' || d <= 0)) {
    throw badInput(`Layer '${l.name}' of ${file} has shape ${s ? formatShape(s) : 'unknown'}; inversion needs a fixed size per image.`, {
      file,
      tensor: l.tensor,
      hint: 'Pick a layer whose shape `gan-lens layers` reports in full.',
    });
  }
  return s.slice(1) as number[];
}

/** [H, W] of the image output: declared, else found by the analysis, else by one probing run (batch 1). */
async function imageSize(analysis: ModelAnalysis, m: ModelProto, output: string, plans: InputPlan[], noise: 'const' | 'random'): Promise<[number, number]> {
  const known = (s: (number | string)[] | null | undefined): s is number[] => !!s && s.length === 4 && s.slice(1).every((d) => typeof d === 'number');
  const declared = analysis.summary.outputs.find((x) => x.name === output)?.shape;
  const analysed = analysis.layers.find((l) => l.tensor === output)?.shape;
  let s: (number | string)[] | null | undefined = known(declared) ? declared : known(analysed) ? analysed : undefined;
  if (!s) {
    const session = await openSession(cut(m, output));
    s = (await session.run(imageFeeds(plans, 0, 0, noise), [output]))[output]!.dims;
  }
  if (!known(s) || s[1] !== 3) {
    throw badInput(`Generator output '${output}' of ${analysis.summary.file} has shape ${s ? formatShape(s) : 'unknown'}; inversion needs an RGB image [N, 3, H, W].`, {
      file: analysis.summary.file,
      tensor: output,
      hint: 'Set generator.output.name in the config to the image output.',
    });
  }
  return [s[2]!, s[3]!];
}

async function featureNet(config: GanLensConfig, choice: FeatureChoice): Promise<InversionSetup['features']> {
  const network = choice.network ?? 'extractor';
  if (network === 'none') return undefined;
  let net: NetworkConfig | undefined = network === 'extractor' ? config.extractor : config.testNetworks[network];
  if (!net) {
    throw badInput(`${config.file}: no feature network '${network}'.`, {
      file: config.file,
      hint: `Use 'extractor', 'none' or one of /testNetworks: ${Object.keys(config.testNetworks).join(', ') || '(none defined)'}.`,
    });
  }
  net = net as NetworkConfig;
  const { model, analysis } = await loadAnalysed(net.model, net.inputSize);
  const names = Object.keys(net.layers);
  const layerName = choice.layer ?? names[names.length - 1];
  if (!layerName) {
    throw badInput(`${config.file}: the ${network} network lists no layers, so the feature layer must be named.`, { file: config.file, hint: 'Pass --feature-layer.' });
  }
  const layer = lookupLayer(analysis, net.layers, layerName);
  const shape = concreteShape(layer, net.model);
  return {
    network,
    layerName,
    model,
    input: net.input,
    tensor: layer.tensor,
    inputSize: net.inputSize,
    mean: net.mean,
    std: net.std,
    size: shape.reduce((a, b) => a * b, 1),
  };
}

/** Reads and analyses the generator (and C), and splits the generator at `layer` (default: defaultSplitLayer). */
export async function loadInversionSetup(config: GanLensConfig, layer?: string, features: FeatureChoice = {}): Promise<InversionSetup> {
  const gen = await loadGenerator(config);
  assertModelsMatch(config, { generator: gen.declared });
  const file = config.generator.model;
  const layerInfo = layer ? lookupLayer(gen.analysis, config.generator.layers, layer) : defaultSplitLayer(gen.model.graph!, gen.analysis);
  const layerShape = concreteShape(layerInfo, file);
  const output = config.generator.output.name ?? gen.model.graph!.output[0]!.name;
  const inputs = gen.analysis.summary.inputs;
  const plans = planGeneratorInputs(inputs.map((i) => i.name), '', inputs, config.generator, file);
  const latents = plans.filter((p) => p.kind === 'latent').map((p) => p.feedName);
  if (latents.length === 0) {
    throw badInput(`${file} has no latent input to invert (inputs: ${inputs.map((i) => `${i.name} (${i.role})`).join(', ')}).`, {
      file,
      hint: 'Declare it in the config: "latents": [{"input": "z", "shape": [...]}].',
    });
  }
  const split: GeneratorSplit = {
    generator: gen.model,
    layer: layerInfo.tensor,
    output,
    outputSize: await imageSize(gen.analysis, gen.model, output, plans, config.generator.noise.mode),
    range: config.generator.output.range,
    latents,
  };
  const c = await featureNet(config, features);
  return { config, split, layerName: layer ?? layerInfo.aliases[0] ?? layerInfo.name, layerInfo, layerShape, generatorAnalysis: gen.analysis, plans, ...(c ? { features: c } : {}) };
}
