/**
 * A first `*.ganlens.json` for a user's own models, proposed from the models themselves: the extractor's image input
 * and its size, the generator's latent and noise inputs with their real shapes and output, the layer to invert paired
 * with the generator layer at the same sampling distance ('auto', as the paper's Fig. 6), the images to train on.
 * The proposal is checked the way every config is (schema, files, the models) before anyone writes it.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { GraphInputInfo, ModelAnalysis } from '../../protocol/model';
import { loadAnalysed } from '../model/loaded';
import { lookupLayer } from '../model/lookup-layer';
import { resolvePair } from '../stitch/pair';
import { listImages } from '../image-sources/folder';
import { assertModelsMatch, checkedModel } from './check-models';
import { badInput } from '../util/errors';
import { parseConfig } from './load';
import { IMAGENET_MEAN, IMAGENET_STD } from '../runtime/image';
import type { GanLensConfig } from './types';


export interface ProposeRequest {
  /** Where the config will be written: its paths are relative to this file's folder. */
  configFile: string;
  extractor: string;
  generator: string;
  /** The extractor layer to invert (a name, alias or tensor); default: the deepest layer the generator can pair. */
  layer?: string;
  /** A folder of training images; validation takes its own folder when given, else the same one. */
  images: string;
  validationImages?: string;
  mean?: [number, number, number];
  std?: [number, number, number];
}

export interface Proposal {
  /** The config as it will be written (JSON, paths relative to the config's folder). */
  json: Record<string, unknown>;
  /** The parsed and checked config. */
  config: GanLensConfig;
  /** What was chosen and why, one line each. */
  notes: string[];
}

const dimsOf = (i: GraphInputInfo): number[] => i.shape.slice(1).map((d) => (typeof d === 'number' ? d : NaN));

function imageInput(a: ModelAnalysis, file: string): GraphInputInfo {
  const img = a.summary.inputs.find((i) => i.role === 'image');
  if (!img) throw badInput(`${file} has no image input (N, 3, H, W): it cannot be the extractor.`, { file, hint: `Its inputs: ${a.summary.inputs.map((i) => `${i.name} [${i.shape.join(', ')}]`).join(', ')}.` });
  return img;
}

/** Whether a model is a generator GAN Lens can drive: a latent input and an image output. */
export function generatorProblem(a: ModelAnalysis): string | null {
  if (!a.summary.inputs.some((i) => i.role === 'latent')) return `no latent input (it has ${a.summary.inputs.map((i) => `${i.name}: ${i.role}`).join(', ') || 'none'})`;
  const out = a.summary.outputs[0];
  if (!out?.shape || out.shape.length !== 4 || out.shape[1] !== 3) return `its output is not an image (N, 3, H, W): ${out ? `${out.name} [${(out.shape ?? ['?']).join(', ')}]` : 'none'}`;
  return null;
}

function rel(configDir: string, file: string): string {
  const r = relative(configDir, resolve(file));
  return r.split(sep).join('/') || '.';
}

const BOUNDED_BY: Readonly<Record<string, [number, number]>> = { Tanh: [-1, 1], Sigmoid: [0, 1] };

/** The output's value range from the op that produces it (Tanh, Sigmoid), else [-1, 1] as StyleGAN2 and BigGAN. */
export function outputRange(gen: ModelAnalysis, output: string): { range: [number, number]; note: string } {
  const op = gen.layers.find((l) => l.tensor === output)?.op;
  const bounded = op ? BOUNDED_BY[op] : undefined;
  if (bounded) return { range: bounded, note: `generator output ${output}: range [${bounded.join(', ')}], from its last op (${op}).` };
  return { range: [-1, 1], note: `generator output ${output}: range [-1, 1] assumed (StyleGAN2 and BigGAN; the last op ${op ?? 'is unknown'} does not bound it; change generator.output.range otherwise).` };
}

export async function proposeConfig(r: ProposeRequest): Promise<Proposal> {
  const configDir = dirname(resolve(r.configFile));
  const notes: string[] = [];
  const extLoaded = await loadAnalysed(resolve(r.extractor));
  const genLoaded = await loadAnalysed(resolve(r.generator));
  const ext = extLoaded.analysis;
  const gen = genLoaded.analysis;
  const problem = generatorProblem(gen);
  if (problem) throw badInput(`${r.generator} is not a generator GAN Lens can drive: ${problem}.`, { file: r.generator, hint: 'Pick an .onnx that takes a latent (N, z) and returns an image (N, 3, H, W); docs/exporting-models.md shows how to export one.' });
  const img = imageInput(ext, r.extractor);
  const h = img.shape[2];
  const w = img.shape[3];
  const inputSize: [number, number] = typeof h === 'number' && typeof w === 'number' ? [h, w] : [224, 224];
  if (typeof h !== 'number' || typeof w !== 'number') notes.push(`${r.extractor}: the image input's size is not fixed; proposing 224×224 (change extractor.inputSize).`);
  const latents = gen.summary.inputs.filter((i) => i.role === 'latent').map((i) => {
    const shape = dimsOf(i);
    if (shape.some((d) => !Number.isInteger(d))) throw badInput(`${r.generator}: latent input '${i.name}' has no fixed size ([${i.shape.join(', ')}]).`, { file: r.generator, hint: 'Export with a fixed latent size (only the batch may be dynamic).' });
    return { input: i.name, distribution: 'normal', shape, scale: 1 };
  });
  const noise = gen.summary.inputs.filter((i) => i.role === 'noise').map((i) => i.name);
  if (noise.length) notes.push(`noise inputs ${noise.join(', ')}: random per sample (generator.noise.mode).`);
  const out = gen.summary.outputs[0]!;
  const range = outputRange(gen, out.name);
  const mean = r.mean ?? IMAGENET_MEAN;
  const std = r.std ?? IMAGENET_STD;
  if (!r.mean || !r.std) notes.push('normalisation: ImageNet mean/std (change extractor.mean/std if the extractor was trained otherwise).');

  // The layer: the one asked for, else the most down-sampled extractor layer (a block's output with a module alias
  // first, the later one first) whose 'auto' partner exists — where a segmenter's decoder would come last in the graph.
  const order = new Map(ext.layers.map((l, i) => [l.tensor, i]));
  const spatial = ext.layers.filter((l) => l.spatial && l.samplingDistance !== null && !l.constant);
  const ranked = [...spatial].sort((a, b) => b.samplingDistance! - a.samplingDistance! || Number(b.aliases.length > 0) - Number(a.aliases.length > 0) || order.get(b.tensor)! - order.get(a.tensor)!);
  const candidates = r.layer ? [lookupLayer(ext, {}, r.layer)] : ranked;
  let chosen: { from: string; to: string } | undefined;
  let tensors: { from: string; to: string } | undefined;
  for (const l of candidates) {
    try {
      const p = resolvePair(ext, gen, { from: l.tensor, to: 'auto' }, { extractor: {}, generator: {} });
      chosen = { from: l.aliases[0] ?? l.name, to: p.to.aliases[0] ?? p.to.name };
      tensors = { from: l.tensor, to: p.to.tensor };
      notes.push(`pair: ${chosen.from} (${p.fromShape.join('×')}) → ${chosen.to} (${p.toShape.join('×')}), the generator layer at the same sampling distance.`);
      break;
    } catch (e) {
      if (r.layer) throw e;
    }
  }
  if (!chosen) throw badInput(`No layer of ${r.extractor} has a generator layer at its sampling distance in ${r.generator}.`, { hint: 'Pass --layer and check `gan-lens compat` for the pairs that exist.' });

  const train = resolve(r.images);
  listImages(train);
  const val = resolve(r.validationImages ?? r.images);
  if (val !== train) listImages(val);
  const json: Record<string, unknown> = {
    name: relative(configDir, resolve(r.configFile)).replace(/\.ganlens\.json$/, ''),
    // The pair's layers named in the tables, so the config reads as the user's own and the editor finds them.
    extractor: { model: rel(configDir, r.extractor), input: img.name, inputSize, mean, std, layers: { [chosen.from]: tensors!.from } },
    generator: {
      model: rel(configDir, r.generator),
      latents,
      noise: { inputs: noise, mode: 'random' },
      output: { name: out.name, range: range.range },
      layers: { [chosen.to]: tensors!.to },
    },
    data: { train: { folder: rel(configDir, train) }, val: { folder: rel(configDir, val) } },
    pairs: [chosen],
    output: 'runs',
  };
  notes.push(range.note);
  const config = parseConfig(JSON.stringify(json), resolve(r.configFile));
  assertModelsMatch(config, { extractor: checkedModel(extLoaded.model, ext), generator: checkedModel(genLoaded.model, gen) });
  return { json, config, notes };
}
