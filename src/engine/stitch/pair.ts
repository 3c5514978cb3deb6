/** Which extractor tensor feeds which generator tensor: names, aliases and 'auto' (same sampling distance). */
import type { LayerInfo, ModelAnalysis } from '../../protocol/model';
import { lookupLayer } from '../model/lookup-layer';
import { parseScope } from '../onnx/names';
import { badInput, formatShape } from '../util/errors';

export interface ResolvedPair {
  /** What the user called the layers (config keys or names). */
  fromName: string;
  toName: string;
  from: LayerInfo;
  to: LayerInfo;
  /** [C, H, W] at the analysed input size. */
  fromShape: [number, number, number];
  toShape: [number, number, number];
}

function chw(l: LayerInfo, file: string): [number, number, number] {
  const s = l.shape;
  if (!s || s.length !== 4 || typeof s[1] !== 'number' || typeof s[2] !== 'number' || typeof s[3] !== 'number') {
    throw badInput(`Layer '${l.name}' of ${file} has shape ${s ? formatShape(s) : 'unknown'}; stitching needs an NCHW activation.`, {
      file,
      tensor: l.tensor,
      hint: 'Pick a convolutional layer (`gan-lens layers` shows shapes).',
    });
  }
  return [s[1], s[2], s[3]];
}

/**
 * The generator layer at a sampling distance: the first convolution (in graph order) that many up-samplings from the
 * output, as the paper stitches into the first convolution of a block (b32.conv0) — taken at its module's output when
 * the module returns the same shape (StyleGAN2's conv0 adds noise, bias and activation after its convolutions), and
 * at exactly output size / 2^distance where one exists (not the 33×33 of a transposed convolution before its blur).
 */
export function generatorLayerAt(gen: ModelAnalysis, distance: number): LayerInfo | undefined {
  // 1×1 maps are per-channel gains and styles (BigGAN's conditional batch norm), not feature maps to stitch into
  const at = gen.layers.filter((l) => l.samplingDistance === distance && l.spatial && l.spatial[0] * l.spatial[1] > 1 && l.shape?.length === 4 && !l.constant);
  const out = gen.summary.outputs.find((o) => o.shape?.length === 4)?.shape;
  const exact = at.filter((l) => out && l.spatial![0] * 2 ** distance === out[2] && l.spatial![1] * 2 ** distance === out[3]);
  const pool = exact.length > 0 ? exact : at;
  const conv = pool.find((l) => /(^|\.)(Conv|ConvTranspose)$/.test(l.op)) ?? pool[0];
  if (!conv) return undefined;
  const module = parseScope(conv.node)?.modules.at(-1);
  const output = module ? gen.layers.find((l) => l.name === module || l.aliases.includes(module)) : undefined;
  return output && output.shape?.join() === conv.shape?.join() ? output : conv;
}

export function resolvePair(
  ext: ModelAnalysis,
  gen: ModelAnalysis,
  pair: { from: string; to: string },
  tables: { extractor: Record<string, string>; generator: Record<string, string> },
  offset = 0,
): ResolvedPair {
  const from = lookupLayer(ext, tables.extractor, pair.from);
  const fromShape = chw(from, ext.summary.file);
  let to: LayerInfo;
  if (pair.to === 'auto') {
    if (from.samplingDistance === null) {
      throw badInput(`Layer '${pair.from}' has no sampling distance, so 'auto' cannot pick a generator layer.`, {
        file: ext.summary.file,
        tensor: from.tensor,
        hint: 'Name the generator layer in the pair: {"from": "...", "to": "blocks.2.conv1"}.',
      });
    }
    const d = from.samplingDistance - offset;
    const hit = generatorLayerAt(gen, d);
    if (!hit) {
      throw badInput(`${gen.summary.file} has no convolutional layer ${d} up-samplings from its output (for '${pair.from}'${offset ? `, offset ${offset}` : ''}).`, {
        file: gen.summary.file,
        hint: 'Name the generator layer explicitly; `gan-lens layers` on the generator lists sampling distances.',
      });
    }
    to = hit;
  } else {
    to = lookupLayer(gen, tables.generator, pair.to);
  }
  return { fromName: pair.from, toName: pair.to === 'auto' ? to.name : pair.to, from, to, fromShape, toShape: chw(to, gen.summary.file) };
}
