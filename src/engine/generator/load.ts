/**
 * The generator as the jobs use it: read and analysed once, checked against the config, and — for latents with
 * `"distribution": "mapping"` — with the mapping network put in front of its w input, so that w is sampled the way the
 * GAN samples it (z ~ N(0, 1) through the mapping network) by every job that feeds the generator's inputs.
 */
import { existsSync } from 'node:fs';
import type { GanLensConfig, LatentConfig } from '../config/types';
import type { ModelAnalysis } from '../../protocol/model';
import type { ModelProto } from '../onnx/gen/onnx_pb';
import { analyzeModel } from '../model/analyze';
import { compose } from '../onnx/compose';
import { cut } from '../onnx/surgery';
import { findLayer } from '../onnx/resolve';
import { checkedModel, type CheckedModel } from '../config/check-models';
import { loadAnalysed } from '../model/loaded';
import { badInput, formatShape } from '../util/errors';

/** Prefix of the mapping network's tensors inside the composed generator; its z input is `mapping/<name>`. */
export const MAPPING_PREFIX = 'mapping/';

export interface LoadedGenerator {
  model: ModelProto;
  analysis: ModelAnalysis;
  /** The generator file as exported, for the config checks (its own inputs, before any mapping is put in front). */
  declared: CheckedModel;
}

const composed = new Map<string, Promise<{ model: ModelProto; analysis: ModelAnalysis }>>();

export async function loadGenerator(config: GanLensConfig): Promise<LoadedGenerator> {
  const base = await loadAnalysed(config.generator.model);
  const declared = checkedModel(base.model, base.analysis);
  const mapped = (config.generator.latents ?? []).map((l, k) => ({ l, k })).filter(({ l }) => l.distribution === 'mapping');
  if (mapped.length === 0) return { ...base, declared };
  if (mapped.length > 1) {
    throw badInput(`${config.file}: /generator/latents: only one latent can be sampled through a mapping network.`, { file: config.file, hint: 'Set "distribution": "mapping" on the w input only.' });
  }
  const { l, k } = mapped[0]!;
  const key = `${config.generator.model}\0${l.input}\0${l.mapping ?? ''}`;
  let hit = composed.get(key);
  if (!hit) {
    hit = withMapping(config, base.model, base.analysis, l, k);
    composed.set(key, hit);
    hit.catch(() => composed.delete(key));
  }
  return { ...(await hit), declared };
}

async function withMapping(config: GanLensConfig, generator: ModelProto, analysis: ModelAnalysis, l: LatentConfig, k: number): Promise<{ model: ModelProto; analysis: ModelAnalysis }> {
  const at = `${config.file}: /generator/latents/${k}/mapping`;
  if (!l.mapping) throw badInput(`${at}: "distribution": "mapping" needs "mapping": the .onnx with the mapping network (e.g. the network exported with its z input).`, { file: config.file });
  if (!existsSync(l.mapping)) throw badInput(`${at}: ${l.mapping} does not exist.`, { file: config.file, hint: 'Relative paths resolve against the config file.' });
  const source = await loadAnalysed(l.mapping);
  const m = source.analysis;
  const out = findLayer(m, 'mapping') ?? m.layers.find((x) => x.tensor === m.summary.outputs[0]?.name);
  const w = analysis.summary.inputs.find((i) => i.name === l.input);
  if (!out || !w) throw badInput(`${at}: ${l.mapping} has no 'mapping' module output, nor an output.`, { file: config.file });
  if (out.shape?.slice(1).join() !== w.shape.slice(1).join()) {
    throw badInput(`${at}: the mapping network's output '${out.name}' is ${out.shape ? formatShape(out.shape) : 'of unknown shape'} but ${config.generator.model}'s input '${l.input}' is ${formatShape(w.shape)}.`, {
      file: config.file,
      hint: 'Point "mapping" at an export of the same network with its z input.',
    });
  }
  const model = compose({
    name: 'generator-with-mapping',
    parts: [
      { model: cut(source.model, out.tensor), prefix: MAPPING_PREFIX },
      { model: generator, prefix: '' },
    ],
    connect: { [l.input]: `${MAPPING_PREFIX}${out.tensor}` },
  });
  return { model, analysis: await analyzeModel(model, { file: config.generator.model }) };
}
