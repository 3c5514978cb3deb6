/** What every activation-vector job needs from a config: the generator read and analysed, LayerX resolved. */
import type { GanLensConfig } from '../config/types';
import type { ModelProto } from '../onnx/gen/onnx_pb';
import type { LayerInfo, ModelAnalysis } from '../../protocol/model';
import { loadGenerator } from '../generator/load';
import { assertModelsMatch } from '../config/check-models';
import { lookupLayer } from '../model/lookup-layer';
import { badInput, formatShape } from '../util/errors';

export interface VectorSetup {
  config: GanLensConfig;
  generator: ModelProto;
  analysis: ModelAnalysis;
  /** What the user called LayerX (config key, alias or tensor name). */
  layerName: string;
  layer: LayerInfo;
  /** [C, H, W] of LayerX. */
  shape: [number, number, number];
  /** Graph output holding the image, and its value range. */
  output: string;
  range: [number, number];
}

export async function loadVectorSetup(config: GanLensConfig, layerName: string): Promise<VectorSetup> {
  const { model, analysis, declared } = await loadGenerator(config);
  assertModelsMatch(config, { generator: declared });
  return vectorSetupFrom(config, model, analysis, layerName);
}

export function vectorSetupFrom(config: GanLensConfig, generator: ModelProto, analysis: ModelAnalysis, layerName: string): VectorSetup {
  const layer = lookupLayer(analysis, config.generator.layers, layerName);
  const s = layer.shape;
  if (!s || s.length !== 4 || !s.slice(1).every((d) => typeof d === 'number')) {
    throw badInput(`Layer '${layerName}' of ${config.generator.model} has shape ${s ? formatShape(s) : 'unknown'}; activation vectors need an NCHW layer.`, {
      file: config.generator.model,
      tensor: layer.tensor,
      hint: 'Pick a convolutional layer of the generator (`gan-lens layers` shows shapes), e.g. one at 16×16.',
    });
  }
  const output = config.generator.output.name ?? analysis.summary.outputs[0]?.name;
  if (!output) throw badInput(`${config.generator.model} has no outputs.`, { file: config.generator.model });
  return { config, generator, analysis, layerName, layer, shape: [s[1] as number, s[2] as number, s[3] as number], output, range: config.generator.output.range };
}
