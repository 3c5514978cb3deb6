import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { runReconstruction } from '../../stitch/reconstruct-job';
import { folderSource } from '../../image-sources/folder';
import { badInput } from '../../util/errors';
import { OOD_Z_THRESHOLD } from '../../stitch/ood';
import { SESSION_USAGE, intFlag, sessionFlags, sessionOptions, throttled } from '../shared/options';

const usage = `gan-lens reconstruct --run DIR [--images FOLDER] [--seed S] [--direct-copy] [--batch N] --out OUT ${SESSION_USAGE}

Inverts the extractor layer of a stitch run in one forward pass per batch: extractor prefix → trained 1x1 conv →
resize → generator suffix. Writes OUT/images/*.png, OUT/grid.png (originals above reconstructions) and
OUT/metrics.json (cosine similarity and L1 at the extractor layer per image, seconds per image, and an
out-of-distribution score: reconstruction error 1 − cosine and its z-score against the run's validation images). --images defaults to
the config's validation data. Same --seed, same images. --direct-copy skips the conv (the paper's ablation; needs equal
channel counts).`;

export const reconstructCommand: CliCommand = {
  name: 'reconstruct',
  summary: 'Invert a layer in real time with a trained stitch',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { run: { type: 'string' }, images: { type: 'string' }, seed: { type: 'string' }, 'direct-copy': { type: 'boolean' }, batch: { type: 'string' }, out: { type: 'string' }, ...sessionFlags },
      strict: true,
    });
    if (!values.run) throw badInput('reconstruct needs --run DIR (the folder `gan-lens stitch` wrote).');
    if (!values.out) throw badInput('reconstruct needs --out OUT.');
    const print = throttled(io.err);
    const { run, result: r, ood } = await runReconstruction({
      run: values.run,
      ...(values.images ? { source: (size: [number, number]) => folderSource(resolve(values.images!), size) } : {}),
      seed: intFlag('seed', values.seed) ?? 0,
      directCopy: values['direct-copy'] ?? false,
      batchSize: intFlag('batch', values.batch, 1) ?? 8,
      out: resolve(values.out),
      session: sessionOptions(values),
      signal: io.signal,
      onProgress: (done, total) => print(`[reconstruct] ${done}/${total} images`, done === total),
    });
    const outliers = ood.filter((o) => o.outlier);
    if (outliers.length) io.out(`${outliers.length} image(s) reconstruct far worse than validation (z > ${OOD_Z_THRESHOLD}): ${outliers.slice(0, 5).map((o) => o.id).join(', ')}${outliers.length > 5 ? ', …' : ''} — possibly out of distribution.`);
    io.out(`Reconstructed ${r.images.length} images from ${run.pair.from}: cosine ${r.cosine.mean.toFixed(4)} ± ${r.cosine.std.toFixed(4)}, L1 ${r.l1.mean.toFixed(4)} ± ${r.l1.std.toFixed(4)}, ${(r.secondsPerImage * 1000).toFixed(1)} ms/image.`);
    io.out(`Output: ${resolve(values.out)}`);
  },
};
