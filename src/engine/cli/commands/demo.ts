import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { loadConfig } from '../../config/load';
import { bundledDemoConfig } from '../../demo-job/locate';
import { runDemo } from '../../demo-job/pipeline';
import { badInput } from '../../util/errors';
import { SESSION_USAGE, formatSeconds, intFlag, sessionFlags, sessionOptions, throttled } from '../shared/options';
import { parsePair } from './stitch';

const usage = `gan-lens demo [--config C.ganlens.json] [--samples N] [--pair FROM:TO ...] [--seed S] [--out DIR] ${SESSION_USAGE}

The main job on the bundled demo world (demo/demo.ganlens.json): for each layer pair, trains a stitch on procedural
tiles (N = 800 by default for layer1 and layer2, doubling for each deeper pair), reconstructs the validation tiles in one forward pass, and compares with an untrained conv and
direct copy. Writes DIR (default demo/runs): summary.md, summary.json, reconstructions.png (originals above
reconstructions from each layer), and one stitch-*/ run folder and reconstruct-*/ folder per layer.`;

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the main job on the bundled demo world',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, samples: { type: 'string' }, pair: { type: 'string', multiple: true }, seed: { type: 'string' }, out: { type: 'string' }, ...sessionFlags },
      strict: true,
    });
    const file = values.config ?? bundledDemoConfig();
    if (!file) throw badInput('The bundled demo world was not found.', { hint: 'Pass --config demo/demo.ganlens.json from a checkout of GAN Lens.' });
    const config = loadConfig(file);
    const pairs = values.pair?.map((p) => parsePair(p, config.pairs, config.file));
    const print = throttled(io.err, 2000);
    const seed = intFlag('seed', values.seed);
    const t0 = Date.now();
    const r = await runDemo({
      config,
      outDir: resolve(values.out ?? join(dirname(config.file), 'runs')),
      samples: intFlag('samples', values.samples, 1) ?? 800,
      ...(pairs ? { pairs } : {}),
      ...(seed !== undefined ? { seed } : {}),
      session: sessionOptions(values),
      signal: io.signal,
      log: (l) => io.err(l),
      onProgress: (name, p) => {
        if (p.phase === 'train') print(`[demo] ${name}: ${p.message}  ${p.samplesPerSecond!.toFixed(1)} samples/s  ETA ${formatSeconds(p.etaSeconds!)}`);
      },
    });
    io.out('');
    io.out('layer      stitch cos   untrained cos   direct copy cos   ms/image');
    for (const l of r.layers) {
      const dc = 'cosine' in l.directCopy ? l.directCopy.cosine.toFixed(3) : 'n/a';
      io.out(`${l.from.padEnd(10)} ${l.stitch.cosine.toFixed(3).padStart(10)}   ${l.untrained.cosine.toFixed(3).padStart(13)}   ${dc.padStart(15)}   ${(l.stitch.secondsPerImage * 1000).toFixed(1).padStart(8)}`);
    }
    io.out('');
    io.out(`Grid: ${r.grid}`);
    io.out(`Summary: ${r.summary}  (${formatSeconds((Date.now() - t0) / 1000)} in all)`);
  },
};
