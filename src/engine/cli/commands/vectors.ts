import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { loadConfig } from '../../config/load';
import type { GanLensConfig, NetworkConfig } from '../../config/types';
import { readModel } from '../../onnx/io';
import { encodeGridPng, type ImageTensor } from '../../runtime/image';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { runAppendix } from '../../vectors/appendix';
import { libraryDir, listLibraries, openLibrary, updateLibrary, type VectorLibrary } from '../../vectors/library';
import { openGeneratorParts, type GeneratorParts } from '../../vectors/parts';
import { linePlotSvg } from '../../vectors/plot';
import { openFeatureProbe } from '../../vectors/probe';
import { rankVectors, writeRanking } from '../../vectors/rank';
import { libraryIdentity, sampleVectors } from '../../vectors/sample';
import { loadVectorSetup } from '../../vectors/setup';
import { visualizeVectors } from '../../vectors/visualize';
import { openSegmenter } from '../../paint/segmenter';
import { scoreLibraryForClass } from '../../paint/pick-class';
import { LR_BOUNDS, SESSION_USAGE, flagMax, intFlag, numFlag, sessionFlags, sessionOptions, throttled } from '../shared/options';

const usage = `gan-lens vectors <sub> ...   Activation vectors of a generator layer (LayerX): sample, visualise, rank, paint with.

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
  list       [--config C | --workspace DIR] [--library NAME] [--json]
  rename     --config C --library NAME --vector REF --to NEW
  tag        --config C --library NAME --vector REF [--add a,b] [--remove c]
  remove     --config C --library NAME --vector REF

Libraries live in <workspace>/.ganlens/vectors/<NAME>/ (library.json + vectors-<hash>.npy); the workspace is the
config's folder unless --workspace is given; NAME defaults to "default". --network picks the judging network:
"extractor" (default) or a key of testNetworks. ${SESSION_USAGE}`;

const flags = {
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

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: flags, strict: true });
}

function need<T>(v: T | undefined, flag: string, sub: string): T {
  if (v === undefined) throw badInput(`vectors ${sub} needs --${flag}.`, { hint: 'Run `gan-lens vectors --help` for the flags.' });
  return v;
}

function intList(v: string | undefined, flag: string, dflt: number[]): number[] {
  if (v === undefined) return dflt;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isInteger(x) || x < 0 || x > flagMax(flag))) throw badInput(`--${flag} ${v} must be comma-separated integers from 0 to ${flagMax(flag)}.`);
  if (xs.length > 64) throw badInput(`--${flag} lists ${xs.length} values; at most 64.`);
  return xs;
}

function network(cfg: GanLensConfig, name: string | undefined): NetworkConfig {
  if (!name || name === 'extractor') return cfg.extractor;
  const n = cfg.testNetworks[name];
  if (!n) throw badInput(`--network ${name} is neither "extractor" nor a key of testNetworks (${Object.keys(cfg.testNetworks).join(', ') || 'none'}).`, { file: cfg.file });
  return n;
}

function defaultFeatureLayer(net: NetworkConfig, v: string | undefined): string {
  if (v) return v;
  if ('layer2' in net.layers) return 'layer2';
  throw badInput('--feature-layer is needed: the network has no layer named "layer2" in its config.', { hint: `Its configured layers: ${Object.keys(net.layers).join(', ') || 'none'}.` });
}

interface Ctx {
  cfg: GanLensConfig;
  workspace: string;
  libName: string;
  libDir: string;
}

function requireFolder(path: string, flag: string): void {
  if (!existsSync(path)) throw badInput(`${flag} ${path} does not exist.`, { file: path, hint: 'Pass the workspace folder (the one that holds .ganlens/).' });
  if (!statSync(path).isDirectory()) throw badInput(`${flag} ${path} is a file, not a folder.`, { file: path, hint: 'Pass the workspace folder (the one that holds .ganlens/).' });
}

function context(v: Values, sub: string): Ctx {
  const cfg = loadConfig(need(v.config, 'config', sub));
  const workspace = resolve(v.workspace ?? cfg.dir);
  requireFolder(workspace, '--workspace');
  const libName = v.library ?? 'default';
  return { cfg, workspace, libName, libDir: libraryDir(workspace, libName) };
}

async function partsFor(ctx: Ctx, layer: string, v: Values): Promise<GeneratorParts> {
  return openGeneratorParts(await loadVectorSetup(ctx.cfg, layer), sessionOptions(v));
}

async function sample(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'sample');
  const parts = await partsFor(ctx, need(v.layer, 'layer', 'sample'), v);
  const pos = v.position ? intList(v.position, 'position', []) : undefined;
  if (pos && pos.length !== 2) throw badInput(`--position ${v.position} must be Y,X.`);
  const print = throttled(io.err);
  const vs = await sampleVectors(parts, {
    n: intFlag('n', v.n, 1) ?? 64,
    seed: intFlag('seed', v.seed) ?? 0,
    ...(pos ? { position: [pos[0]!, pos[1]!] as [number, number] } : {}),
    signal: io.signal,
    onProgress: (d, t) => print(`[vectors sample] ${d}/${t}`, d === t),
  });
  const { setup } = parts;
  const added = await updateLibrary(ctx.libDir, libraryIdentity(setup), (lib) =>
    vs.map((s) => lib.add(s.vector, { provenance: s.provenance, tags: v.tag ? v.tag.split(',') : [] }).id),
  );
  io.out(`Added ${added.length} vectors of ${setup.layerName} (${setup.shape.join('×')}) to library '${ctx.libName}' (${added[0]}…${added[added.length - 1]}): ${ctx.libDir}`);
}

function selected(lib: VectorLibrary, refs: string | undefined): { name: string; vector: Float32Array; seed: number }[] {
  const list = refs ? refs.split(',').map((r) => lib.get(r.trim())) : lib.entries.slice(0, 16).map((e) => lib.get(e.id));
  return list.map(({ entry, vector }) => ({ name: entry.name, vector, seed: entry.provenance.latentSeed ?? 0 }));
}

async function visualize(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'visualize');
  const out = resolve(need(v.out, 'out', 'visualize'));
  const lib = openLibrary(ctx.libDir);
  const parts = await partsFor(ctx, lib.meta.tensor, v);
  const grids = intList(v.grids, 'grids', [0, 1, 2, 3, 4, 5]);
  const base = intFlag('base-seed', v['base-seed']);
  const items = selected(lib, v.vectors);
  const imgs = await visualizeVectors(parts, items.map((it) => ({ vector: it.vector, baseSeed: base ?? it.seed })), { grids, signal: io.signal });
  for (const [i, it] of items.entries()) writeFileAtomic(join(out, `${it.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`), await encodeGridPng(imgs[i]!, { cols: grids.length, padValue: 1 }));
  writeFileAtomic(join(out, 'all.png'), await encodeGridPng(imgs.flat() as ImageTensor[], { cols: grids.length, padValue: 1 }));
  io.out(`Visualised ${items.length} vectors at grid sizes ${grids.join(', ')} (0 = replicated): ${out}`);
}

async function rank(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'rank');
  const out = resolve(need(v.out, 'out', 'rank'));
  const parts = await partsFor(ctx, need(v.layer, 'layer', 'rank'), v);
  const net = network(ctx.cfg, v.network);
  const probe = await openFeatureProbe(net, defaultFeatureLayer(net, v['feature-layer']), sessionOptions(v));
  const print = throttled(io.err);
  const n = intFlag('n', v.n, 1) ?? 2048;
  const seed = intFlag('seed', v.seed) ?? 0;
  const r = await rankVectors(parts, probe, {
    n,
    seed,
    gridSize: intFlag('grid', v.grid, 1) ?? 2,
    ...(v.batch ? { batchSize: intFlag('batch', v.batch, 1)! } : {}),
    signal: io.signal,
    onProgress: (stage, d, t) => print(`[vectors rank] ${stage} ${d}/${t}`, d === t),
  });
  await writeRanking(parts, r, out, intFlag('top', v.top, 1) ?? 4, { config: ctx.cfg.file, seed, network: v.network ?? 'extractor' });
  const keep = intFlag('keep', v.keep, 1);
  if (keep) {
    const { setup } = parts;
    const chosen = [...r.ranked.slice(0, keep).map((x) => ({ x, tag: 'tileable' })), ...r.ranked.slice(-keep).map((x) => ({ x, tag: 'non-tileable' }))];
    await updateLibrary(ctx.libDir, libraryIdentity(setup), (lib) =>
      chosen.forEach(({ x, tag }) => lib.add(x.vector, { provenance: x.provenance, tags: [tag], scores: { tileability: x.score } })),
    );
  }
  const s = r.ranked.map((x) => x.score);
  io.out(`Ranked ${n} vectors of ${r.layer} by tileability (${r.featureLayer}, grid ${r.gridSize}): top ${s[0]!.toFixed(4)}, median ${s[Math.floor(s.length / 2)]!.toFixed(4)}, bottom ${s[s.length - 1]!.toFixed(4)}; ${(r.secondsPerVector * 1000).toFixed(1)} ms/vector. Output: ${out}`);
}

async function pick(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'pick');
  const classId = need(intFlag('class', v.class), 'class', 'pick');
  const as = need(v.as, 'as', 'pick');
  const lib = openLibrary(ctx.libDir);
  const parts = await partsFor(ctx, lib.meta.tensor, v);
  const seg = await openSegmenter(network(ctx.cfg, v.network), v.output, sessionOptions(v));
  const print = throttled(io.err);
  const grid = intFlag('grid', v.grid) ?? 0;
  const scores = await scoreLibraryForClass(parts, seg, lib, classId, { grid, signal: io.signal, onProgress: (d, t) => print(`[vectors pick] ${d}/${t}`, d === t) });
  const best = scores[0];
  if (!best) throw badInput(`Library '${ctx.libName}' is empty.`, { hint: 'Add vectors with `gan-lens vectors sample`.' });
  await updateLibrary(ctx.libDir, undefined, (l) => {
    for (const s of scores) l.setScore(s.id, `class${classId}${grid ? `_grid${grid}` : ''}`, s.score);
    const winner = l.get(best.id);
    const existing = l.find(as);
    if (existing && existing.id !== best.id) l.remove(existing.id);
    if (winner.entry.name === winner.entry.id || winner.entry.name === as) {
      l.rename(best.id, as);
      l.tag(best.id, [`class${classId}`]);
    } else {
      // Already named (e.g. picked for another grid size): the new name gets its own entry with the same vector.
      l.add(winner.vector, { name: as, tags: [`class${classId}`], provenance: winner.entry.provenance, scores: winner.entry.scores, notes: `copy of ${best.id}` });
    }
  });
  io.out(`'${as}' = ${best.id}: mean probability of class ${classId} on its ${grid ? `grid-${grid}` : 'replicated'} image ${best.score.toFixed(4)} (next: ${scores.slice(1, 4).map((s) => `${s.id} ${s.score.toFixed(4)}`).join(', ')}).`);
}

async function appendix(v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, 'appendix');
  const out = resolve(need(v.out, 'out', 'appendix'));
  const parts = await partsFor(ctx, need(v.layer, 'layer', 'appendix'), v);
  const net = network(ctx.cfg, v.network);
  const probe = await openFeatureProbe(net, defaultFeatureLayer(net, v['feature-layer']), sessionOptions(v));
  const lr = numFlag('lr', v.lr, LR_BOUNDS);
  const r = await runAppendix(parts, {
    extractor: readModel(net.model),
    net,
    probe,
    grids: intList(v.grids, 'grids', [0, 1, 2, 3, 4, 5]),
    n: intFlag('n', v.n, 1) ?? 16,
    repeats: intFlag('repeats', v.repeats, 1) ?? 3,
    steps: intFlag('steps', v.steps, 1) ?? 100,
    ...(lr ? { lr } : {}),
    seed: intFlag('seed', v.seed) ?? 0,
    session: sessionOptions(v),
    signal: io.signal,
    onProgress: (l) => io.err(`[vectors appendix] ${l}`),
  });
  writeFileAtomic(join(out, 'appendix.json'), `${JSON.stringify({ config: ctx.cfg.file, ...r }, null, 2)}\n`);
  writeFileAtomic(
    join(out, 'appendix.svg'),
    linePlotSvg(r.grids.map((g) => ({ x: g.grid, y: g.cosine, err: g.std })), {
      title: `Cosine to the LayerY target (${r.layer} → ${r.featureLayer})`,
      xLabel: 'grid size (0 = one vector)',
      yLabel: 'cosine similarity',
    }),
  );
  const best = r.grids.reduce((a, b) => (b.cosine > a.cosine ? b : a));
  io.out(`Appendix: ${r.grids.map((g) => `grid ${g.grid} ${g.cosine.toFixed(4)}±${g.std.toFixed(4)}`).join(', ')}; best grid ${best.grid}. ${r.seconds.toFixed(0)} s. Output: ${out}`);
}

function list(v: Values, io: CliIO): void {
  const workspace = resolve(v.workspace ?? (v.config ? loadConfig(v.config).dir : '.'));
  requireFolder(workspace, '--workspace');
  if (!v.library) {
    const libs = listLibraries(workspace);
    if (v.json) io.out(JSON.stringify(libs));
    else io.out(libs.length ? libs.map((n) => `${n}\t${openLibrary(libraryDir(workspace, n)).size} vectors`).join('\n') : `No vector libraries in ${workspace}.`);
    return;
  }
  const lib = openLibrary(libraryDir(workspace, v.library));
  if (v.json) {
    io.out(JSON.stringify(lib.meta, null, 2));
    return;
  }
  io.out(`Library '${lib.meta.name}': ${lib.size} vectors of ${lib.meta.layer} (${lib.meta.channels} channels)`);
  for (const e of lib.entries) {
    const p = e.provenance;
    const where = p.position ? ` seed ${p.seed} #${p.index} at (${p.position.join(', ')})` : '';
    const scores = Object.entries(e.scores).map(([k, s]) => `${k}=${s.toFixed(4)}`).join(' ');
    io.out(`${e.id}\t${e.name}\t${e.tags.join(',')}\t${p.source}${where}\t${scores}`);
  }
}

async function edit(sub: 'rename' | 'tag' | 'remove', v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, sub);
  const ref = need(v.vector, 'vector', sub);
  const e = await updateLibrary(ctx.libDir, undefined, (lib) => {
    if (sub === 'rename') return lib.rename(ref, need(v.to, 'to', sub));
    if (sub === 'tag') return lib.tag(ref, v.add ? v.add.split(',') : [], v.remove ? v.remove.split(',') : []);
    return lib.remove(ref);
  });
  io.out(`${sub === 'remove' ? 'Removed' : 'Updated'} ${e.id} (${e.name}${e.tags.length ? `; tags ${e.tags.join(', ')}` : ''}) in '${ctx.libName}'.`);
}

export const vectorsCommand: CliCommand = {
  name: 'vectors',
  summary: 'Activation vectors: sample, visualise, rank by tileability, the appendix experiment, the vector library',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = parse(rest);
    switch (sub) {
      case 'sample':
        return sample(values, io);
      case 'visualize':
      case 'visualise':
        return visualize(values, io);
      case 'rank':
        return rank(values, io);
      case 'pick':
        return pick(values, io);
      case 'appendix':
        return appendix(values, io);
      case 'list':
        return list(values, io);
      case 'rename':
      case 'tag':
      case 'remove':
        return edit(sub, values, io);
      default:
        throw badInput(`vectors: unknown subcommand '${sub ?? ''}'.`, { hint: 'One of sample, visualize, rank, pick, appendix, list, rename, tag, remove (`gan-lens vectors --help`).' });
    }
  },
};
