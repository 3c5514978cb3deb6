import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { folderSource } from '../../image-sources/folder';
import { loadInversionSetup } from '../../geninv/setup';
import { readInversion } from '../../geninv/run';
import { segmentLayerValues, type ClusterScores } from '../../geninv/segment';
import { nearlyUniform } from '../../geninv/selectivity';
import { meanColourImage } from '../../geninv/cluster';
import { stackBatch } from '../../geninv/feeds';
import { distribution } from '../../geninv/stats';
import { decodeImage, encodeGridPng } from '../../runtime/image';
import type { HostTensor } from '../../onnx/tensor';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { SESSION_USAGE, intFlag, sessionFlags, sessionOptions, throttled } from '../shared/options';
import { configFlags, requireConfig } from '../shared/config-flags';

const usage = `gan-lens segment --config C --inversion DIR [--k 8,20,40] [--attention TENSOR] [--masks FOLDER] [--limit N]
    [--no-baseline] --out OUT ${SESSION_USAGE}

Unsupervised segmentation from the generator's self-attention at the inverted layer values h* (Pividori et al.
2019, §5): the softmax map A (queries × keys; pooled keys are up-sampled to the query grid), D = (1 − (A + Aᵀ)/2) ⊙
(1 − I), average-linkage clustering into each k, up-sampled to the image size, each cluster in its mean colour.
--attention names the map (tensor, alias or config layer); default: the output of the generator's first Softmax.
With label masks (--masks, or the config's validation masks when DIR inverted that folder) every k is scored by
adjusted Rand index, best-match IoU and majority-vote IoU, next to a colour-only baseline (the same clustering on RGB
distances; --no-baseline skips it). Writes OUT/<id>.png (target, G2(h*), segmentations per k) and
OUT/segmentation.json.`;

type ScoreSet = Record<string, { ari: ReturnType<typeof distribution>; bestMatchIoU: ReturnType<typeof distribution>; majorityIoU: ReturnType<typeof distribution> }>;

function summarise(per: (Map<number, ClusterScores> | undefined)[], ks: number[]): ScoreSet | null {
  const scored = per.filter((m): m is Map<number, ClusterScores> => !!m);
  if (!scored.length) return null;
  return Object.fromEntries(
    ks.map((k) => [
      String(k),
      {
        ari: distribution(scored.map((m) => m.get(k)!.ari)),
        bestMatchIoU: distribution(scored.map((m) => m.get(k)!.bestMatchIoU)),
        majorityIoU: distribution(scored.map((m) => m.get(k)!.majorityIoU)),
      },
    ]),
  );
}

const plain = (m: Map<number, ClusterScores> | undefined): Record<string, ClusterScores> | undefined => (m ? Object.fromEntries([...m].map(([k, v]) => [String(k), v])) : undefined);

export const segmentCommand: CliCommand = {
  name: 'segment',
  summary: 'Segment inverted images by clustering the generator self-attention map',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...configFlags,
        inversion: { type: 'string' },
        k: { type: 'string' },
        attention: { type: 'string' },
        masks: { type: 'string' },
        limit: { type: 'string' },
        'no-baseline': { type: 'boolean' },
        out: { type: 'string' },
        ...sessionFlags,
      },
      strict: true,
    });
    const config = requireConfig('segment', values);
    if (!values.inversion) throw badInput('segment needs --inversion DIR (the --out folder of `gan-lens invert-generator`).');
    if (!values.out) throw badInput('segment needs --out OUT.');
    const ks = (values.k ?? '8,20,40').split(',').map((s) => Number(s.trim()));
    if (ks.length > 64 || ks.some((k) => !Number.isInteger(k) || k < 1 || k > 10_000)) throw badInput(`--k ${values.k} must be a comma-separated list of at most 64 integers from 1 to 10000.`);
    const inv = readInversion(resolve(values.inversion));
    const setup = await loadInversionSetup(config, inv.file.layer.tensor, { network: 'none' });
    const size = setup.split.outputSize;
    const limit = intFlag('limit', values.limit, 1) ?? inv.file.images.length;
    const records = inv.file.images.slice(0, limit);
    const val = config.data.val;
    const masks = values.masks ? resolve(values.masks) : val.kind === 'folder' && val.masks && inv.file.folder === val.folder ? val.masks : undefined;
    const labelled = masks && inv.file.folder ? folderSource(inv.file.folder, size, masks) : undefined;
    const truth = await Promise.all(records.map((r) => labelled?.labels?.(r.index)));
    const targets = await Promise.all(records.map((r) => decodeImage(join(inv.dir, r.dir, 'target.png'))));
    const recons = await Promise.all(records.map((r) => decodeImage(join(inv.dir, r.dir, 'g_h.png'))));
    const h = stackBatch(records.map((r) => inv.tensor(r.id, 'h')));
    const print = throttled(io.err);
    const seg = await segmentLayerValues(setup, h, stackBatch(targets.map((t) => ({ ...t, dims: [1, ...t.dims] }))), truth, {
      ks,
      ...(values.attention ? { attention: values.attention } : {}),
      colourBaseline: !values['no-baseline'],
      seed: inv.file.options.seed,
      indices: records.map((r) => r.index),
      session: sessionOptions(values),
      signal: io.signal,
      onProgress: (p) => print(`[segment] image ${p.image}/${p.images}: ${p.stage} clusters ${Math.round(p.fraction * 100)}%`, p.image === p.images && p.fraction === 1),
    });
    const out = resolve(values.out);
    mkdirSync(out, { recursive: true });
    const perImage = [];
    for (const [i, r] of records.entries()) {
      const s = seg.images[i]!;
      const t = targets[i]!;
      const tiles: HostTensor[] = [t, recons[i]!];
      for (const k of ks) tiles.push({ dtype: 'float32', dims: [3, size[0], size[1]], data: meanColourImage(t.data as Float32Array, s.labels.get(k)!, size) });
      const name = r.dir.replace(/^images\//, '');
      writeFileAtomic(join(out, `${name}.png`), await encodeGridPng(tiles, { cols: tiles.length }));
      perImage.push({ id: r.id, file: `${name}.png`, scores: plain(s.scores), baseline: plain(s.baselineScores) });
    }
    const summary = { attention: summarise(seg.images.map((s) => s.scores), ks), colourBaseline: summarise(seg.images.map((s) => s.baselineScores), ks) };
    writeFileAtomic(
      join(out, 'segmentation.json'),
      JSON.stringify({ config: config.file, inversion: inv.dir, layer: inv.file.layer, attention: seg.attention, ks, masks: masks ?? null, summary, images: perImage }, null, 2),
    );
    io.out(`Segmented ${records.length} images from attention '${seg.attention.name}' (${seg.attention.shape.join('×')}, grid ${seg.attention.grid.query.join('×')}).`);
    const sel = seg.attention.selectivity;
    io.out(`Attention selectivity: mean row entropy ${sel.meanRowEntropy.toFixed(3)} nats (uniform ${sel.uniformEntropy.toFixed(3)}), mean row maximum ${sel.meanRowMax.toPrecision(3)} (uniform ${sel.uniformMax.toPrecision(3)}).`);
    if (nearlyUniform(sel)) io.out('  The attention rows are nearly uniform: clusters of this map mostly reflect small fluctuations, not image structure.');
    if (summary.attention) {
      for (const k of ks) {
        const a = summary.attention[String(k)]!;
        const b = summary.colourBaseline?.[String(k)];
        io.out(`k=${k}: ARI ${a.ari.mean.toFixed(3)}, best-match IoU ${a.bestMatchIoU.mean.toFixed(3)}, majority IoU ${a.majorityIoU.mean.toFixed(3)}` + (b ? `  (colour baseline: ARI ${b.ari.mean.toFixed(3)}, best-match IoU ${b.bestMatchIoU.mean.toFixed(3)}, majority IoU ${b.majorityIoU.mean.toFixed(3)})` : ''));
      }
    } else io.out('No label masks: clusters not scored (pass --masks FOLDER).');
    io.out(`Output: ${out}`);
  },
};
