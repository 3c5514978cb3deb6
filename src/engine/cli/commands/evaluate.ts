import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { evaluateToFolder } from '../../evaluate/to-folder';
import { METHOD_LABELS } from '../../evaluate/types';
import { SESSION_USAGE, formatSeconds, sessionFlags, sessionOptions, throttled } from '../shared/options';
import { configFlags, requireConfig } from '../shared/config-flags';
import { evaluateChoices, evaluateFlags } from '../shared/evaluate-flags';

const usage = `gan-lens evaluate --config C.ganlens.json [--layers layer1,layer2] [--images N] [--steps N] [--lr 0.05]
                  [--gd-batch N] [--seed S] [--timing-runs 10] [--methods gan-stitch,gan-direct-copy,gd-reg,gd-none,random]
                  [--runs DIR ...] [--no-train] [--train-epochs N] [--train-samples N] [--out DIR] ${SESSION_USAGE}

The paper's evaluation protocol (Herdt et al. 2023, §3.2/§3.4): for each extractor layer, reconstruct the first N
validation images with every method — the trained stitch, the direct copy, gradient descent with Fourier/jitter
regularisation and without — pass originals and reconstructions through each test network to its matching layer, and
compare per image (pixel-wise cosine with ε, L1, Gram cosine; mean ± std). The stitch for a layer comes from --runs,
else <output>/stitch-FROM-TO, else it is trained now with the config's training settings (--train-epochs and
--train-samples shorten that). Writes DIR/report.json, report.md, report.html, cosine.svg, gd-loss.svg and
images/<layer>.png (rows: original | GAN | direct copy | GD reg | GD none). Default DIR: <output>/evaluation.`;

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'Compare GAN inversion with gradient descent on test networks; write report.md/html/json',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...configFlags,
        ...evaluateFlags,
        out: { type: 'string' },
        ...sessionFlags,
      },
      allowPositionals: true,
      strict: true,
    });
    const config = requireConfig('evaluate', values, usage);
    // `--runs A B C`: parseArgs takes B and C as positionals.
    const { gridImages, ...choices } = evaluateChoices(values, positionals);
    const out = resolve(values.out ?? join(config.output, 'evaluation'));
    const print = throttled(io.err, 2000);
    const started = Date.now();
    const files = await evaluateToFolder({
      config,
      outDir: out,
      ...(gridImages ? { gridImages } : {}),
      ...choices,
      session: sessionOptions(values),
      signal: io.signal,
      onProgress: (p) => print(`[evaluate ${formatSeconds((Date.now() - started) / 1000)}] ${p.message}`),
      onLayer: (_f, layer, i, total) => io.err(`[evaluate ${formatSeconds((Date.now() - started) / 1000)}] ${layer} done (${i + 1}/${total}); ${out}/report.json updated`),
    });
    for (const l of files.report.layers) {
      const cells = l.methods.map((m) => `${METHOD_LABELS[m.kind]} ${m.metrics[0] ? m.metrics[0].cosine.mean.toFixed(3) : '—'}`);
      io.out(`${l.layer}: cosine at ${l.methods[0]?.metrics[0]?.network ?? 'test network'} — ${cells.join(', ')}`);
    }
    for (const s of files.report.speedups) io.out(`GAN stitch is ${s.mean.toFixed(0)}× faster than ${METHOD_LABELS[s.versus]} (min ${s.min.toFixed(0)}×, max ${s.max.toFixed(0)}×).`);
    io.out(`Report: ${files.md}\n        ${files.html}\n        ${files.json}`);
  },
};
