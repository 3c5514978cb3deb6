import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { loadConfig } from '../../config/load';
import { badInput } from '../../util/errors';
import { openPainting } from '../../paint/session';
import { paintBatch } from '../../paint/batch';
import { MASK_SHAPES, type MaskShape } from '../../paint/random-masks';
import { openSegmenter } from '../../paint/segmenter';
import { SESSION_USAGE, intFlag, sessionFlags, sessionOptions, throttled } from '../shared/options';

const usage = `gan-lens paint-batch --config C --n N --palette p.json [--masks FOLDER] [--shapes blobs,stripes,regions]
                      [--library NAME] [--workspace DIR] [--seed S] [--evaluate extractor|TEST_NETWORK] [--unpainted]
                      --out DIR
                      ${SESSION_USAGE}

Generates annotated segmentation data: N painted images with aligned label masks. Masks come from FOLDER (RGB PNGs in
palette colours, in name order, cycled) or are drawn at random from shapes. Layout: DIR/images/, DIR/masks/ (8-bit
labels; the palette's keepLabel, default 255, where not painted), DIR/masks_rgb/, DIR/palette.json, DIR/README.md,
DIR/manifest.json; --unpainted adds DIR/unpainted/ (each sample without painting). --evaluate runs a segmentation
network (the config's extractor or a test network) on every image and on its unpainted sample and writes
DIR/agreement.json: per label, the share of the painted area it labels as the painted class.`;

export const paintBatchCommand: CliCommand = {
  name: 'paint-batch',
  summary: 'Export N painted images with label masks for segmentation training',
  usage,
  async run(argv, io) {
    const { values: v } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        n: { type: 'string' },
        palette: { type: 'string' },
        masks: { type: 'string' },
        shapes: { type: 'string' },
        library: { type: 'string' },
        workspace: { type: 'string' },
        seed: { type: 'string' },
        evaluate: { type: 'string' },
        unpainted: { type: 'boolean' },
        batch: { type: 'string' },
        out: { type: 'string' },
        ...sessionFlags,
      },
      strict: true,
    });
    for (const f of ['config', 'n', 'palette', 'out'] as const) if (!v[f]) throw badInput(`paint-batch needs --${f}.`, { hint: 'Run `gan-lens paint-batch --help`.' });
    const shapes = v.shapes ? v.shapes.split(',').map((s) => s.trim()) : [...MASK_SHAPES];
    for (const s of shapes) if (!(MASK_SHAPES as readonly string[]).includes(s)) throw badInput(`--shapes: '${s}' is not one of ${MASK_SHAPES.join(', ')}.`);
    const config = loadConfig(v.config!);
    const session = await openPainting({
      config,
      palette: resolve(v.palette!),
      ...(v.library ? { library: v.library } : {}),
      ...(v.workspace ? { workspace: resolve(v.workspace) } : {}),
      session: sessionOptions(v),
    });
    let segmenter;
    if (v.evaluate !== undefined) {
      const name = v.evaluate || 'extractor';
      const net = name === 'extractor' ? config.extractor : config.testNetworks[name];
      if (!net) throw badInput(`--evaluate ${name} is neither "extractor" nor a key of testNetworks.`, { file: config.file });
      segmenter = await openSegmenter(net, undefined, sessionOptions(v));
    }
    const n = intFlag('n', v.n, 1)!;
    const out = resolve(v.out!);
    const print = throttled(io.err);
    const r = await paintBatch(session.painter, out, {
      palette: session.palette,
      n,
      seed: intFlag('seed', v.seed) ?? 0,
      ...(v.masks ? { masks: resolve(v.masks) } : {}),
      shapes: shapes as MaskShape[],
      batchSize: intFlag('batch', v.batch, 1) ?? 8,
      ...(segmenter ? { segmenter } : {}),
      writeUnpainted: v.unpainted ?? false,
      signal: io.signal,
      onProgress: (d, t) => print(`[paint-batch] ${d}/${t}`, d === t),
    });
    io.out(`Wrote ${n} painted images and label masks (${r.msPerImage.toFixed(1)} ms/image painting): ${out}`);
    for (const a of r.agreement ?? []) {
      const name = session.palette.entries.find((e) => e.label === a.label)?.name ?? String(a.label);
      io.out(
        `  ${name} (label ${a.label}): the segmenter labels ${(a.meanAgreement * 100).toFixed(1)} % of the painted area as ${name} on average; majority in ${a.majority}/${a.samples} images` +
          (a.meanBaseline !== undefined ? ` (unpainted: ${(a.meanBaseline * 100).toFixed(1)} %, ${a.majorityBaseline}/${a.samples})` : ''),
      );
    }
  },
};
