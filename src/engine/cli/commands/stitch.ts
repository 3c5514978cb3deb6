import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import type { PairConfig } from '../../config/types';
import { trainStitch } from '../../stitch/train';
import { badInput } from '../../util/errors';
import { SESSION_USAGE, formatSeconds, intFlag, sessionFlags, sessionOptions, throttled } from '../shared/options';
import { configFlags, requireConfig } from '../shared/config-flags';

const usage = `gan-lens stitch --config C.ganlens.json [--pair FROM:TO] [--out DIR] [--resume | --overwrite] [--epochs N]
               [--samples-per-epoch N] [--init closed-form|random|zeros] ${SESSION_USAGE}

Trains the 1x1 convolution that stitches extractor layer FROM to generator layer TO (TO may be 'auto': the layer at
the same sampling distance). Default pair: the config's first. Writes DIR/ (default <output>/stitch-FROM-TO):
run.json, metrics.json (per epoch), checkpoints/{last,best}/ (weight.npy, bias.npy, Adam state), stitch.onnx
(the best conv as a small ONNX model) and samples/epoch-NNN.png. --resume continues from checkpoints/last; a folder that already holds a run is refused unless you pass --resume or
--overwrite (which replaces it).`;

export function parsePair(v: string | undefined, pairs: PairConfig[], file: string): PairConfig {
  if (!v) {
    const first = pairs[0];
    if (!first) throw badInput(`${file} lists no pairs; pass --pair FROM:TO (e.g. --pair layer2:auto).`, { file });
    return first;
  }
  const [from, to = 'auto'] = v.split(':');
  if (!from) throw badInput(`--pair ${v} is not FROM:TO.`);
  return { from, to };
}

export const stitchCommand: CliCommand = {
  name: 'stitch',
  summary: 'Train the 1x1 conv stitching an extractor layer to a generator layer',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...configFlags,
        pair: { type: 'string' },
        out: { type: 'string' },
        resume: { type: 'boolean' },
        overwrite: { type: 'boolean' },
        epochs: { type: 'string' },
        'samples-per-epoch': { type: 'string' },
        'validation-size': { type: 'string' },
        init: { type: 'string' },
        ...sessionFlags,
      },
      strict: true,
    });
    const config = requireConfig('stitch', values);
    const pair = parsePair(values.pair, config.pairs, config.file);
    const init = values.init as 'closed-form' | 'random' | 'zeros' | undefined;
    if (init && !['closed-form', 'random', 'zeros'].includes(init)) throw badInput(`--init ${init} is not closed-form, random or zeros.`);
    const outDir = resolve(values.out ?? join(config.output, `stitch-${pair.from}-${pair.to}`.replace(/[^A-Za-z0-9._-]+/g, '_')));
    const print = throttled(io.err);
    const epochs = intFlag('epochs', values.epochs, 1);
    const samplesPerEpoch = intFlag('samples-per-epoch', values['samples-per-epoch'], 1);
    const validationSize = intFlag('validation-size', values['validation-size'], 1);
    const result = await trainStitch({
      config,
      pair,
      outDir,
      resume: values.resume ?? false,
      overwrite: values.overwrite ?? false,
      signal: io.signal,
      session: sessionOptions(values),
      ...(epochs ? { epochs } : {}),
      ...(samplesPerEpoch ? { samplesPerEpoch } : {}),
      ...(validationSize ? { validationSize } : {}),
      ...(init ? { init } : {}),
      onProgress: (p) => {
        if (p.phase === 'train') {
          print(`[stitch] ${p.message}  ${p.samplesPerSecond!.toFixed(1)} samples/s  ETA ${formatSeconds(p.etaSeconds!)}`, p.step === p.totalSteps);
        } else print(`[stitch] ${p.message}`, true);
      },
    });
    io.out(`Stitched ${result.pair.from} → ${result.pair.to}: validation cosine ${result.best.cosine.toFixed(4)}, L1 ${result.best.l1.toFixed(4)} (best epoch ${result.bestEpoch + 1}; initial cosine ${result.initial.cosine.toFixed(4)}).`);
    io.out(`Run folder: ${outDir}`);
  },
};
