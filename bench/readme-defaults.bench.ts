/**
 * Issue 17's acceptance, measured: every command of the README's table on the real upstream exports (ResNet50,
 * StyleGAN2-ADA-256, BigGAN-128), with its defaults — no --memory-gb, so the default budget (half this machine's
 * memory) plans every batch — each in a child process under GNU time. Jobs that take hours on this CPU with their
 * defaults (a stitch of the config's 256 samples, rank n = 2048, …) are stopped with SIGTERM after a time cap, once
 * they have run their biggest calls: the row then shows the peak until then and the job's own progress line.
 * A few setup steps are not defaults (a short stitch for reconstruct, a short inversion for interpolate and segment);
 * they are marked so.
 *   GAN_LENS_REAL_MODELS=/path node --import tsx bench/readme-defaults.bench.ts [--cap 120] [command ...]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { budgetBytes } from '../src/engine/model/memory-budget';
import { writeNpy } from '../src/engine/runtime/npy';
import { SeededRandom } from '../src/engine/util/random';
import { libraryDir, openLibrary } from '../src/engine/vectors/library';
import { openRealModelsBench } from './memory/configs';
import { measureCli, type ChildPeak } from './memory/measure';

const GB = 2 ** 30;
const args = process.argv.slice(2);
const capAt = args.indexOf('--cap');
const CAP_S = capAt >= 0 ? Number(args[capAt + 1]) : 120;
const named = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--cap');
const CLI = resolve('src/engine/cli/main.ts');

interface Row {
  command: string;
  r: ChildPeak;
  setup: boolean;
}

function randomNpy(path: string, dims: number[], seed: number): void {
  const rng = new SeededRandom(seed);
  const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => rng.next() - 0.5);
  writeNpy(path, { dtype: 'float32', dims, data });
}

/** A 64×64 mask: left half painted red, right half the palette's keep colour. */
async function writeMask(path: string): Promise<void> {
  const px = Buffer.alloc(64 * 64 * 3);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) px.set(x < 32 ? [255, 0, 0] : [0, 255, 0], 3 * (64 * y + x));
  await sharp(px, { raw: { width: 64, height: 64, channels: 3 } }).png().toFile(path);
}

function firstVector(workspace: string, library: string): string {
  return openLibrary(libraryDir(workspace, library)).entries[0]!.name;
}

async function main(): Promise<void> {
  const bench = openRealModelsBench('readme-defaults');
  if (!bench) return;
  const { models, out, cfg } = bench;
  const m = (f: string): string => join(models, f);
  const o = (f: string): string => join(out, f);
  const cap = 0.9 * totalmem();
  const rows: Row[] = [];
  const wanted = (c: string): boolean => named.length === 0 || named.includes(c);
  const run = async (cliArgs: string[], o2: { capped?: boolean; setup?: boolean } = {}): Promise<ChildPeak> => {
    const command = `gan-lens ${cliArgs.map((a) => a.replace(out + '/', '').replace(models + '/', '')).join(' ')}`;
    process.stdout.write(`${command} … `);
    const r = await measureCli(CLI, cliArgs, cap, o2.capped ? CAP_S : undefined);
    const state = r.timedOut ? `stopped at the ${CAP_S} s cap` : r.exitCode === 0 ? 'exit 0' : `exit ${r.exitCode}${r.killed ? ' (killed above 90 % of RAM)' : ''}`;
    console.log(`${state}, ${r.seconds.toFixed(0)} s, ${(r.peakBytes / GB).toFixed(2)} GB${r.plan ? ` (${r.plan})` : ''}`);
    if (r.exitCode !== 0 && !r.timedOut) console.log(`  ${r.stderrTail.replace(/\n/g, '\n  ')}`);
    rows.push({ command, r, setup: o2.setup ?? false });
    return r;
  };

  mkdirSync(out, { recursive: true });
  await run(['demo-data', '--n', '8', '--seed', '0', '--out', o('images')], { setup: true });
  randomNpy(o('x.npy'), [1, 3, 224, 224], 1);
  randomNpy(o('target.npy'), [1, 512, 28, 28], 2);
  await writeMask(o('mask.png'));

  if (wanted('init')) await run(['init', o('init.ganlens.json'), '--extractor', m('resnet50.onnx'), '--generator', m('stylegan2-256.onnx'), '--images', join(o('images'), 'images')]);
  if (wanted('layers')) for (const f of ['resnet50.onnx', 'stylegan2-256.onnx', 'biggan-128.onnx']) await run(['layers', m(f)]);
  if (wanted('run')) await run(['run', m('resnet50.onnx'), '--input', `image=${o('x.npy')}`, '--output', 'layer2', '--out', o('run')]);
  if (wanted('grad')) await run(['grad', m('resnet50.onnx'), '--at', 'layer2', '--loss', 'l1', '--target', o('target.npy'), '--input', `image=${o('x.npy')}`, '--wrt', 'image', '--out', o('grad')]);
  if (wanted('stitch')) await run(['stitch', '--config', cfg.stylegan2, '--out', o('stitch-default')], { capped: true });
  if (wanted('reconstruct')) {
    await run(['stitch', '--config', cfg.stylegan2, '--samples-per-epoch', '8', '--validation-size', '8', '--out', o('stitch-short')], { setup: true });
    await run(['reconstruct', '--run', o('stitch-short'), '--out', o('reconstruct')]);
  }
  if (wanted('compat')) await run(['compat', '--config', cfg.stylegan2, '--from', 'layer2', '--out', o('compat')], { capped: true });
  if (wanted('invert-gd')) await run(['invert-gd', '--config', cfg.stylegan2, '--layer', 'layer2', '--reg', 'fourier-jitter', '--out', o('invert-gd')], { capped: true });
  if (wanted('evaluate')) await run(['evaluate', '--config', cfg.stylegan2, '--out', o('evaluate')], { capped: true });
  if (wanted('vectors')) {
    await run(['vectors', 'sample', '--config', cfg.stylegan2, '--layer', 'b32.conv1'], { capped: true });
    await run(['vectors', 'sample', '--config', cfg.stylegan2, '--layer', 'b32.conv1', '--n', '4', '--library', 'few'], { setup: true });
    await run(['vectors', 'visualize', '--config', cfg.stylegan2, '--library', 'few', '--out', o('visualize')], { capped: true });
    await run(['vectors', 'rank', '--config', cfg.stylegan2, '--layer', 'b32.conv1', '--out', o('rank')], { capped: true });
    await run(['vectors', 'starter', '--config', cfg.stylegan2, '--layer', 'b32.conv1', '--library', 'starter'], { capped: true });
  }
  if (wanted('paint')) {
    // The default library exists only if `vectors sample` finished within the cap; a 4-vector one always does.
    await run(['vectors', 'sample', '--config', cfg.stylegan2, '--layer', 'b32.conv1', '--n', '4', '--library', 'paint'], { setup: true });
    writeFileSync(o('palette.json'), JSON.stringify({ library: 'paint', keep: '#00ff00', colors: [{ color: '#ff0000', vector: firstVector(out, 'paint'), name: 'painted' }] }));
    await run(['paint', '--config', cfg.stylegan2, '--mask', o('mask.png'), '--palette', o('palette.json'), '--out', o('paint')], { capped: true });
    await run(['paint-batch', '--config', cfg.stylegan2, '--n', '4', '--palette', o('palette.json'), '--out', o('paint-batch')], { capped: true });
  }
  if (wanted('generator')) {
    await run(['invert-generator', '--config', cfg.biggan, '--generated', '4', '--out', o('invert-generator')], { capped: true });
    const short = ['--steps-z', '2', '--explore-steps', '1', '--steps-delta', '2'];
    await run(['invert-generator', '--config', cfg.biggan, '--generated', '2', ...short, '--out', o('invert-short')], { setup: true });
    await run(['interpolate', '--config', cfg.biggan, '--inversion', o('invert-short'), '--out', o('interpolate')], { capped: true });
    await run(['segment', '--config', cfg.biggan, '--inversion', o('invert-short'), '--out', o('segment')], { capped: true });
  }
  if (wanted('sweep')) {
    await run(['sweep', 'plan', '--config', cfg.stylegan2, '--kind', 'stitch', '--out', o('sweep')]);
    await run(['sweep', 'run', o('sweep'), '--scheduler', 'local', '--workers', '1'], { capped: true });
  }

  const budget = budgetBytes() / GB;
  console.log(`\nDefault budget on this machine: ${budget.toFixed(1)} GB (min(½ of ${(totalmem() / GB).toFixed(1)} GB RAM, 0.8 × free)); cap ${CAP_S} s for long jobs.`);
  console.log(`\n| command (real exports, defaults) | ended | time | peak RSS | peak ÷ budget |\n| --- | --- | --- | --- | --- |`);
  for (const { command, r, setup } of rows) {
    const ended = r.timedOut ? `stopped at ${CAP_S} s` : r.exitCode === 0 ? 'done' : `**exit ${r.exitCode}**`;
    console.log(`| \`${command}\`${setup ? ' (setup, not defaults)' : ''} | ${ended} | ${r.seconds.toFixed(0)} s | ${(r.peakBytes / GB).toFixed(2)} GB | ${(r.peakBytes / GB / budget).toFixed(2)} |`);
  }
  const failed = rows.filter((x) => x.r.exitCode !== 0 && !x.r.timedOut);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
