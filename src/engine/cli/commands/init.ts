import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { proposeConfig } from '../../config/propose';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { channelTripleFlag } from '../shared/options';

const usage = `gan-lens init NAME.ganlens.json --extractor E.onnx --generator G.onnx --images FOLDER
              [--layer L] [--val-images FOLDER] [--mean 0.485,0.456,0.406] [--std 0.229,0.224,0.225] [--force]

Proposes a config for your own models and writes it: the extractor's image input and size, the generator's latent
and noise inputs (their real names and shapes) and output, the layer to invert (default: the deepest one with a
generator layer at the same sampling distance) paired 'auto', the image folders to train and validate on, ImageNet
normalisation unless given. The proposal is checked against the schema and the models before it is written; the
choices are printed. Edit the file afterwards as you like.`;

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'Propose and write a *.ganlens.json for your own extractor and generator',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        extractor: { type: 'string' },
        generator: { type: 'string' },
        images: { type: 'string' },
        'val-images': { type: 'string' },
        layer: { type: 'string' },
        mean: { type: 'string' },
        std: { type: 'string' },
        force: { type: 'boolean' },
      },
      strict: true,
    });
    if (positionals.length !== 1) throw badInput(`init takes the config file to write: gan-lens init NAME.ganlens.json ….\n\n${usage}`);
    for (const k of ['extractor', 'generator', 'images'] as const) if (!values[k]) throw badInput(`init needs --${k}.\n\n${usage}`);
    const out = resolve(positionals[0]!);
    if (!out.endsWith('.ganlens.json')) throw badInput(`${positionals[0]} must name a *.ganlens.json file.`);
    if (existsSync(out) && !values.force) throw badInput(`${out} exists.`, { file: out, hint: 'Pass --force to replace it, or choose another name.' });
    const mean = channelTripleFlag('mean', values.mean);
    const std = channelTripleFlag('std', values.std);
    const p = await proposeConfig({
      configFile: out,
      extractor: values.extractor!,
      generator: values.generator!,
      images: values.images!,
      ...(values['val-images'] ? { validationImages: values['val-images'] } : {}),
      ...(values.layer ? { layer: values.layer } : {}),
      ...(mean ? { mean } : {}),
      ...(std ? { std } : {}),
    });
    writeFileAtomic(out, `${JSON.stringify(p.json, null, 2)}\n`);
    for (const n of p.notes) io.out(`- ${n}`);
    io.out(`Wrote ${out}. Next: gan-lens stitch --config ${out}`);
  },
};
