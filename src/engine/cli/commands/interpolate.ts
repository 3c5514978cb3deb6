import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { loadInversionSetup } from '../../geninv/setup';
import { interpolateLayer, randomLayerValues } from '../../geninv/interpolate';
import { readInversion, type InversionFolder } from '../../geninv/run';
import { decodeImage, encodeGridPng } from '../../runtime/image';
import { readNpy } from '../../runtime/npy';
import type { HostTensor } from '../../onnx/tensor';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { SESSION_USAGE, intFlag, sessionFlags, sessionOptions } from '../shared/options';
import { configFlags, requireConfig } from '../shared/config-flags';

const usage = `gan-lens interpolate --config C (--from A.npy --to B.npy [--layer L] | --inversion DIR [--mode MODE]
    [--image ID] [--with ID2] [--random N] [--limit N]) [--steps K] [--seed S] --out DIR ${SESSION_USAGE}

Linear interpolation in a generator layer's space: G2((1 − α)·a + α·b), α = 0 … 1 in K steps (default 8), as image
strips (PNG). With --from/--to: two layer values (.npy, e.g. h.npy of two inversions). With --inversion (the folder
of \`gan-lens invert-generator\`; the layer is taken from it), --mode:
  gap     G2(h*) → G2(G1(z*)) for --image (default: every image up to --limit 8), target image first
  pair    h* of --image → h* of --with (default: consecutive images)
  random  h* of --image → G1(z) for N random latents (--random, default 3, seed --seed)
  all     all three (default)
Writes DIR/<mode>_<id>.png and DIR/interpolation.json.`;

type Mode = 'gap' | 'pair' | 'random';

export const interpolateCommand: CliCommand = {
  name: 'interpolate',
  summary: 'Interpolate between layer values of inverted or random images (image strips)',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...configFlags,
        from: { type: 'string' },
        to: { type: 'string' },
        layer: { type: 'string' },
        inversion: { type: 'string' },
        mode: { type: 'string' },
        image: { type: 'string' },
        with: { type: 'string' },
        random: { type: 'string' },
        limit: { type: 'string' },
        steps: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        ...sessionFlags,
      },
      strict: true,
    });
    const config = requireConfig('interpolate', values);
    if (!values.out) throw badInput('interpolate needs --out DIR.');
    const steps = intFlag('steps', values.steps, 2) ?? 8;
    const seed = intFlag('seed', values.seed) ?? 0;
    const session = sessionOptions(values);
    const out = resolve(values.out);
    mkdirSync(out, { recursive: true });
    const written: { file: string; kind: string; from: string; to: string }[] = [];
    const strip = async (name: string, kind: string, from: string, to: string, images: HostTensor[]): Promise<void> => {
      const file = join(out, `${name}.png`);
      writeFileAtomic(file, await encodeGridPng(images, { cols: images.length }));
      written.push({ file: `${name}.png`, kind, from, to });
    };

    if (values.from || values.to) {
      if (!values.from || !values.to) throw badInput('interpolate needs both --from A.npy and --to B.npy.');
      const setup = await loadInversionSetup(config, values.layer, { network: 'none' });
      const images = await interpolateLayer(setup, readNpy(resolve(values.from)), readNpy(resolve(values.to)), { steps, seed, session });
      await strip('interpolation', 'from-to', values.from, values.to, images);
    } else {
      if (!values.inversion) throw badInput('interpolate needs --from/--to or --inversion DIR.');
      const inv: InversionFolder = readInversion(resolve(values.inversion));
      const setup = await loadInversionSetup(config, inv.file.layer.tensor, { network: 'none' });
      const mode = values.mode ?? 'all';
      if (!['gap', 'pair', 'random', 'all'].includes(mode)) throw badInput(`--mode ${mode} is not one of gap, pair, random, all.`);
      const modes: Mode[] = mode === 'all' ? ['gap', 'pair', 'random'] : [mode as Mode];
      const limit = intFlag('limit', values.limit, 1) ?? 8;
      const ids = values.image ? [inv.record(values.image).id] : inv.file.images.slice(0, limit).map((r) => r.id);
      const opt = (id: string): { steps: number; seed: number; index: number; session: typeof session } => ({ steps, seed: inv.file.options.seed, index: inv.record(id).index, session });
      const target = async (id: string): Promise<HostTensor> => decodeImage(join(inv.dir, inv.record(id).dir, 'target.png'));
      const stem = (id: string): string => inv.record(id).dir.replace(/^images\//, '');
      const randoms = modes.includes('random') ? await randomLayerValues(setup, intFlag('random', values.random, 1) ?? 3, seed, session) : [];
      for (const id of ids) {
        if (io.signal.aborted) break;
        const h = inv.tensor(id, 'h');
        if (modes.includes('gap')) {
          const images = await interpolateLayer(setup, h, inv.tensor(id, 'h0'), opt(id));
          await strip(`gap_${stem(id)}`, 'gap', `${id} h*`, `${id} G1(z*)`, [await target(id), ...images]);
        }
        if (modes.includes('pair')) {
          const other = values.with ?? (ids.length > 1 ? ids[(ids.indexOf(id) + 1) % ids.length] : undefined);
          if (other && other !== id) {
            const images = await interpolateLayer(setup, h, inv.tensor(other, 'h'), opt(id));
            await strip(`pair_${stem(id)}__${stem(other)}`, 'pair', `${id} h*`, `${other} h*`, [await target(id), ...images, await target(other)]);
          }
        }
        for (const [j, r] of randoms.entries()) {
          const images = await interpolateLayer(setup, h, r, opt(id));
          await strip(`random_${stem(id)}_${j}`, 'random', `${id} h*`, `G1(z), random ${j} (seed ${seed})`, [await target(id), ...images]);
        }
      }
    }
    writeFileAtomic(join(out, 'interpolation.json'), JSON.stringify({ config: config.file, steps, seed, strips: written }, null, 2));
    io.out(`Wrote ${written.length} interpolation strip(s) of ${steps} steps to ${out}`);
  },
};
