import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { compatibility, type CompatCell } from '../../stitch/compat';
import { badInput } from '../../util/errors';
import { SESSION_USAGE, intFlag, sessionFlags, sessionOptions } from '../shared/options';
import { configFlags, requireConfig } from '../shared/config-flags';

/** Every cell failed: say why (each distinct reason once) instead of a matrix of n/a. */
function nothingComputed(file: string, cells: readonly CompatCell[]): Error {
  const reasons = [...new Set(cells.map((c) => c.note ?? 'no value'))];
  return badInput(`compat could not stitch any pair of ${file}:\n  ${reasons.slice(0, 6).join('\n  ')}`, {
    file,
    hint: '`gan-lens layers` on both models shows which layers have a sampling distance; name generator layers with /generator/layers and --all, or fix the layer names above.',
  });
}

const usage = `gan-lens compat --config C.ganlens.json --from LAYER [--all] [--samples N] [--init-samples N] [--validation-size N] [--out DIR]
    ${SESSION_USAGE}

Which generator layer suits an extractor layer best (Fig. 6 of the paper): stitches LAYER into the generator layers
at sampling distance −2..+2 from the matching one (closed-form fit + a short fine-tune of N samples, default 64) and
writes DIR/compat.json with cosine similarity and L1, relative to distance 0, and heat maps compat-{cosine,l1}.{svg,png}.
--init-samples: generated images of each closed-form fit (default 64); --validation-size: images per cell (default 16).
Each cell's sessions are released before the next, so memory does not grow with the number of cells.
--all: every extractor layer of the config × every generator layer of the config (relative to each row's best).`;

export const compatCommand: CliCommand = {
  name: 'compat',
  summary: 'Compatibility matrix of extractor × generator layers',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { ...configFlags, from: { type: 'string' }, all: { type: 'boolean' }, samples: { type: 'string' }, 'init-samples': { type: 'string' }, 'validation-size': { type: 'string' }, out: { type: 'string' }, ...sessionFlags },
      strict: true,
    });
    const config = requireConfig('compat', values);
    const all = values.all ?? false;
    if (!all && !values.from) throw badInput('compat needs --from LAYER (or --all).');
    const fromLayers = all ? Object.keys(config.extractor.layers).length ? Object.keys(config.extractor.layers) : [...new Set(config.pairs.map((p) => p.from))] : [values.from!];
    const toLayers = all ? Object.keys(config.generator.layers) : undefined;
    if (all && (!toLayers || toLayers.length === 0)) throw badInput(`${config.file}: --all needs /generator/layers to name the generator layers.`, { file: config.file });
    const outDir = resolve(values.out ?? join(config.output, all ? 'compat-all' : `compat-${values.from}`));
    const samples = intFlag('samples', values.samples, 1);
    const validationSize = intFlag('validation-size', values['validation-size'], 1);
    const initSamples = intFlag('init-samples', values['init-samples'], 1);
    const cells = await compatibility({
      config,
      fromLayers,
      ...(toLayers ? { toLayers } : {}),
      outDir,
      ...(samples ? { samples } : {}),
      ...(validationSize ? { validationSize } : {}),
      ...(initSamples ? { initSamples } : {}),
      session: sessionOptions(values),
      signal: io.signal,
      onProgress: (done, total, c) =>
        io.err(`[compat] ${done}/${total} ${c.from} → ${c.to ?? c.column}: ${c.cosine === null ? c.note : `cosine ${c.cosine.toFixed(4)} L1 ${c.l1!.toFixed(4)}`}`),
    });
    if (cells.length > 0 && cells.every((c) => c.cosine === null)) throw nothingComputed(config.file, cells);
    for (const c of cells) {
      io.out(`${c.from.padEnd(12)} ${c.column.padEnd(14)} ${(c.to ?? '-').padEnd(40)} ${c.relativeCosine === null ? '   n/a' : c.relativeCosine.toFixed(3)}  ${c.relativeL1 === null ? '   n/a' : c.relativeL1.toFixed(3)}`);
    }
    io.out(`Output: ${outDir}`);
  },
};
