/**
 * Memory benchmark (issue 17): time and peak RSS of the jobs that did not fit on a 24 GB machine, each in its own
 * child process, next to the budget they run under (--memory-gb, default 4): stitch training ResNet50 layer2 →
 * StyleGAN2-256 b32.conv1 at batch 8, reconstruction at batch 8, invert-generator on BigGAN-128 with 4 images (8
 * restarts: 32 rows), vectors rank on StyleGAN2-256 at two n (flat in n), compat with 1 and 4 cells (flat in cells).
 *   GAN_LENS_REAL_MODELS=/path node --import tsx bench/memory.bench.ts [--memory-gb 4] [--rank-n 64,2048] [case ...]
 * Cases: stitch reconstruct invert rank compat. Steps and sample counts are small: memory does not depend on them.
 */
import { join, resolve } from 'node:path';
import { openRealModelsBench } from './memory/configs';
import { measureCli, type ChildPeak } from './memory/measure';

const GB = 2 ** 30;
const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const budgetGB = Number(flag('memory-gb', '4'));
const rankNs = flag('rank-n', '64,2048').split(',').map(Number);
const named = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const wanted = (c: string): boolean => named.length === 0 || named.includes(c);
const CLI = resolve('src/engine/cli/main.ts');

interface Row {
  name: string;
  r: ChildPeak;
}

async function main(): Promise<void> {
  const bench = openRealModelsBench('memory');
  if (!bench) return;
  const { out, cfg } = bench;
  const budget = ['--memory-gb', String(budgetGB)];
  // The watchdog stops a case well above the budget rather than let it take the shared machine down.
  const cap = Math.max(2 * budgetGB, 8) * GB;
  const rows: Row[] = [];
  const run = async (name: string, cliArgs: string[]): Promise<ChildPeak> => {
    process.stdout.write(`${name} … `);
    const r = await measureCli(CLI, [...cliArgs, ...budget], cap);
    console.log(`${r.seconds.toFixed(0)} s, ${(r.peakBytes / GB).toFixed(2)} GB${r.plan ? ` (${r.plan})` : ''}${r.exitCode === 0 ? '' : ` (exit ${r.exitCode}${r.killed ? ', killed above the cap' : ''}: ${r.stderrTail})`}`);
    rows.push({ name, r });
    return r;
  };
  const stitchRun = join(out, 'stitch');
  if (wanted('stitch') || wanted('reconstruct')) {
    await run('stitch training layer2 → b32.conv1, batch 8', ['stitch', '--config', cfg.stylegan2, '--samples-per-epoch', '16', '--validation-size', '16', '--out', stitchRun]);
  }
  if (wanted('reconstruct')) {
    await run('reconstruct, batch 8 (16 images)', ['reconstruct', '--run', stitchRun, '--batch', '8', '--out', join(out, 'reconstruct')]);
  }
  if (wanted('invert')) {
    await run('invert-generator BigGAN-128, 4 images × 8 restarts', [
      'invert-generator', '--config', cfg.biggan, '--generated', '4', '--batch', '4', '--steps-z', '2', '--explore-steps', '1', '--steps-delta', '2', '--out', join(out, 'invert'),
    ]);
  }
  if (wanted('rank')) {
    for (const n of rankNs) {
      await run(`vectors rank --n ${n} (b32.conv1, layer2)`, ['vectors', 'rank', '--config', cfg.stylegan2, '--layer', 'b32.conv1', '--n', String(n), '--workspace', out, '--out', join(out, `rank-${n}`)]);
    }
  }
  if (wanted('compat')) {
    const small = ['--samples', '8', '--init-samples', '8', '--validation-size', '8'];
    await run('compat layer2 → b32.conv1 (1 cell)', ['compat', '--config', cfg.stylegan2, '--from', 'layer2', ...small, '--out', join(out, 'compat-1')]);
    await run('compat --all (2 × 2 = 4 cells)', ['compat', '--config', cfg.stylegan2, '--all', ...small, '--out', join(out, 'compat-all')]);
  }
  console.log(`\n| case | time | peak RSS | budget | peak ÷ budget |\n| --- | --- | --- | --- | --- |`);
  for (const { name, r } of rows) {
    const status = r.exitCode === 0 ? '' : r.killed ? ' (killed at the cap)' : ` (exit ${r.exitCode})`;
    console.log(`| ${name} | ${r.seconds.toFixed(0)} s | ${(r.peakBytes / GB).toFixed(2)} GB${status} | ${budgetGB} GB | ${(r.peakBytes / GB / budgetGB).toFixed(2)} |`);
  }
}

void main();
