/** What the `gan-lens vectors` subcommands share: usage, flags, the config context, the generator parts. */
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../../config/load';
import type { GanLensConfig, NetworkConfig } from '../../../config/types';
import { badInput } from '../../../util/errors';
import { libraryDir, type VectorLibrary } from '../../../vectors/library';
import { openGeneratorParts, type GeneratorParts } from '../../../vectors/parts';
import { loadVectorSetup } from '../../../vectors/setup';
import { SESSION_USAGE, flagMax, sessionFlags, sessionOptions } from '../../shared/options';

export const usage = `gan-lens vectors <sub> ...   Activation vectors of a generator layer (LayerX): sample, visualise, rank, paint with.

  sample     --config C --layer L [--n 64] [--seed S] [--position Y,X] [--library NAME] [--tag T]
             Generates N images from seeded latents and adds the LayerX vector at a random (or the given) pixel of
             each to the library, with its provenance (seed, index, latent seed, position).
  visualize  --config C [--library NAME] [--vectors a,b] [--grids 0,1,2,3,4,5] [--base-seed S] --out DIR
             One row per vector: LayerX replicated (grid 0) or on the blue cells of a k×k checkerboard, the white
             cells kept from the vector's own sample (or --base-seed). Writes DIR/<name>.png and DIR/all.png.
  rank       --config C --layer L [--n 2048] [--seed S] [--feature-layer layer2] [--network NAME] [--grid 2]
             [--top 4] [--library NAME --keep K] --out DIR
             Tileability of N sampled vectors; DIR/top.png, DIR/bottom.png (grid-k row above replicated row, as
             the paper's Figs. 5-6) and DIR/scores.json. --keep K stores the K most and least tileable vectors.
  pick       --config C --library NAME --class K --as NAME [--grid 0] [--network NAME] [--output T]
             Renames the vector whose visualisation (replicated, or grid --grid) the segmentation network labels
             class K most confidently (mean softmax probability over the image).
  appendix   --config C --layer L [--feature-layer layer2] [--network NAME] [--grids 0,1,2,3,4,5] [--n 16]
             [--repeats 3] [--steps 100] [--lr 0.05] [--seed S] --out DIR
             Optimises v1 (blue) and v2 (white) so the H×W mean of LayerY matches a LayerY pixel; cosine per grid
             size (the paper's Fig. 9) to DIR/appendix.json and DIR/appendix.svg.
  starter    --config C [--library NAME] [--layer L] [--n 64] [--seed S] [--classes a,b,c] [--feature-layer layer2]
             One job: sample N vectors, rank them by tileability, and name one vector per class of the extractor
             (the vector its replicated image is labelled most confidently as that class, as pick does) in a new
             library; --classes names the classes in label order (default class0, class1, …).
  list       [--config C | --workspace DIR] [--library NAME] [--json]
  rename     --config C --library NAME --vector REF --to NEW
  tag        --config C --library NAME --vector REF [--add a,b] [--remove c]
  remove     --config C --library NAME --vector REF

Libraries live in <workspace>/.ganlens/vectors/<NAME>/ (library.json + vectors-<hash>.npy); the workspace is the
config's folder unless --workspace is given; NAME defaults to "default". --network picks the judging network:
"extractor" (default) or a key of testNetworks. ${SESSION_USAGE}`;

export const flags = {
  config: { type: 'string' },
  workspace: { type: 'string' },
  library: { type: 'string' },
  layer: { type: 'string' },
  n: { type: 'string' },
  seed: { type: 'string' },
  position: { type: 'string' },
  tag: { type: 'string' },
  vectors: { type: 'string' },
  grids: { type: 'string' },
  grid: { type: 'string' },
  'base-seed': { type: 'string' },
  'feature-layer': { type: 'string' },
  network: { type: 'string' },
  output: { type: 'string' },
  top: { type: 'string' },
  keep: { type: 'string' },
  class: { type: 'string' },
  as: { type: 'string' },
  classes: { type: 'string' },
  repeats: { type: 'string' },
  steps: { type: 'string' },
  lr: { type: 'string' },
  vector: { type: 'string' },
  to: { type: 'string' },
  add: { type: 'string' },
  remove: { type: 'string' },
  json: { type: 'boolean' },
  batch: { type: 'string' },
  out: { type: 'string' },
  ...sessionFlags,
} as const;

export type Values = ReturnType<typeof parse>['values'];

export function parse(argv: string[]) {
  return parseArgs({ args: argv, options: flags, strict: true });
}

export function need<T>(v: T | undefined, flag: string, sub: string): T {
  if (v === undefined) throw badInput(`vectors ${sub} needs --${flag}.`, { hint: 'Run `gan-lens vectors --help` for the flags.' });
  return v;
}

export function intList(v: string | undefined, flag: string, dflt: number[]): number[] {
  if (v === undefined) return dflt;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isInteger(x) || x < 0 || x > flagMax(flag))) throw badInput(`--${flag} ${v} must be comma-separated integers from 0 to ${flagMax(flag)}.`);
  if (xs.length > 64) throw badInput(`--${flag} lists ${xs.length} values; at most 64.`);
  return xs;
}

export function network(cfg: GanLensConfig, name: string | undefined): NetworkConfig {
  if (!name || name === 'extractor') return cfg.extractor;
  const n = cfg.testNetworks[name];
  if (!n) throw badInput(`--network ${name} is neither "extractor" nor a key of testNetworks (${Object.keys(cfg.testNetworks).join(', ') || 'none'}).`, { file: cfg.file });
  return n;
}

export function defaultFeatureLayer(net: NetworkConfig, v: string | undefined): string {
  if (v) return v;
  if ('layer2' in net.layers) return 'layer2';
  throw badInput('--feature-layer is needed: the network has no layer named "layer2" in its config.', { hint: `Its configured layers: ${Object.keys(net.layers).join(', ') || 'none'}.` });
}

export interface Ctx {
  cfg: GanLensConfig;
  workspace: string;
  libName: string;
  libDir: string;
}

export function requireFolder(path: string, flag: string): void {
  if (!existsSync(path)) throw badInput(`${flag} ${path} does not exist.`, { file: path, hint: 'Pass the workspace folder (the one that holds .ganlens/).' });
  if (!statSync(path).isDirectory()) throw badInput(`${flag} ${path} is a file, not a folder.`, { file: path, hint: 'Pass the workspace folder (the one that holds .ganlens/).' });
}

export function context(v: Values, sub: string): Ctx {
  const cfg = loadConfig(need(v.config, 'config', sub));
  const workspace = resolve(v.workspace ?? cfg.dir);
  requireFolder(workspace, '--workspace');
  const libName = v.library ?? 'default';
  return { cfg, workspace, libName, libDir: libraryDir(workspace, libName) };
}

export async function partsFor(ctx: Ctx, layer: string, v: Values): Promise<GeneratorParts> {
  return openGeneratorParts(await loadVectorSetup(ctx.cfg, layer), sessionOptions(v));
}


export function selected(lib: VectorLibrary, refs: string | undefined): { name: string; vector: Float32Array; seed: number }[] {
  const list = refs ? refs.split(',').map((r) => lib.get(r.trim())) : lib.entries.slice(0, 16).map((e) => lib.get(e.id));
  return list.map(({ entry, vector }) => ({ name: entry.name, vector, seed: entry.provenance.latentSeed ?? 0 }));
}
