import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { loadConfig } from '../../config/load';
import { badInput } from '../../util/errors';
import { openPainting } from '../../paint/session';
import { writePaintImage } from '../../paint/paint-image';
import { SESSION_USAGE, intFlag, sessionFlags, sessionOptions } from '../shared/options';

const usage = `gan-lens paint --config C --mask m.png --palette p.json [--library NAME] [--workspace DIR] [--seed S]
                [--variations K] [--vary latent|noise] --out DIR ${SESSION_USAGE}

Paints with activation vectors: the RGB mask is resized (nearest) to the library's generator layer, and every cell
painted in a palette colour takes that colour's vector; the palette's "keep" colour leaves the generator's own
activations. Writes DIR/image_<k>.png (K variations: new latents, or new noise with --vary noise), DIR/mask.png
(labels aligned to the images: palette labels, keepLabel where not painted), DIR/mask_rgb.png and DIR/paint.json.
The palette format is in docs/painting.md.`;

export const paintCommand: CliCommand = {
  name: 'paint',
  summary: 'Paint structures into generated images with activation vectors from a library',
  usage,
  async run(argv, io) {
    const { values: v } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        mask: { type: 'string' },
        palette: { type: 'string' },
        library: { type: 'string' },
        workspace: { type: 'string' },
        seed: { type: 'string' },
        variations: { type: 'string' },
        vary: { type: 'string' },
        out: { type: 'string' },
        ...sessionFlags,
      },
      strict: true,
    });
    for (const f of ['config', 'mask', 'palette', 'out'] as const) if (!v[f]) throw badInput(`paint needs --${f}.`, { hint: 'Run `gan-lens paint --help`.' });
    if (v.vary && v.vary !== 'latent' && v.vary !== 'noise') throw badInput(`--vary ${v.vary} must be latent or noise.`);
    const seed = intFlag('seed', v.seed) ?? 0;
    const variations = intFlag('variations', v.variations, 1) ?? 1;
    const session = await openPainting({
      config: loadConfig(v.config!),
      palette: resolve(v.palette!),
      ...(v.library ? { library: v.library } : {}),
      ...(v.workspace ? { workspace: resolve(v.workspace) } : {}),
      session: sessionOptions(v),
    });
    const r = await session.paint(resolve(v.mask!), { seed, variations, ...(v.vary ? { vary: v.vary as 'latent' | 'noise' } : {}) });
    const out = resolve(v.out!);
    await writePaintImage(out, r, session.palette, { mask: resolve(v.mask!), palette: resolve(v.palette!), library: session.library.meta.name, layer: session.library.meta.layer, seed });
    const painted = r.outputMask.data.filter((i) => i >= 0).length / r.outputMask.data.length;
    io.out(`Painted ${variations} image(s) of seed ${seed} (${(painted * 100).toFixed(1)} % of the image painted, ${(r.ms / variations).toFixed(1)} ms per image): ${out}`);
  },
};
