// Sweep overhead: the same stitch items (the demo world's four pairs, 100 Adam steps each, one onnxruntime thread)
// trained back to back in this process (the reference: `gan-lens stitch` per pair, models analysed once), then as a
// sweep with 1 and 2 local workers and as a Slurm array on the local one-node cluster (scripts/slurm/local-cluster.sh;
// started here if it is not up). Prints per-item overhead (process start, model load, result write: what a sweep
// adds per item) against item time, throughput ratios, and peak RSS of this process and of the item processes.
// Needs dist/cli.js (npm run build). Targets: overhead ≤ 5 %, 2 workers ≥ 1.8× the throughput of 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/engine/config/load';
import { trainStitch } from '../src/engine/stitch/train';
import { loadStitchSetup } from '../src/engine/stitch/setup';
import type { ItemDone, SweepPlan } from '../src/engine/sweep/types';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CONFIG = join(ROOT, 'demo', 'demo.ganlens.json');
const SAMPLES = Number(process.env.SWEEP_BENCH_SAMPLES ?? 800);
const ROUNDS = Number(process.env.SWEEP_BENCH_ROUNDS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'gan-lens-sweep-bench-'));

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gan-lens ${args.join(' ')} failed:\n${r.stderr}`);
}

function plan(name: string): string {
  const run = join(work, name);
  cli(['sweep', 'plan', '--config', CONFIG, '--kind', 'stitch', '--samples-per-epoch', String(SAMPLES), '--validation-size', '16', '--out', run]);
  return run;
}

/** CPU seconds (user + system) of one CLI run, from GNU time. */
function cpuOf(args: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  const [u, s] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return u! + s!;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function timed(args: string[]): number {
  const t0 = performance.now();
  cli(args);
  return (performance.now() - t0) / 1000;
}

function records(run: string): ItemDone[] {
  const p = JSON.parse(readFileSync(join(run, 'sweep.json'), 'utf8')) as SweepPlan;
  return p.items.map((i) => JSON.parse(readFileSync(join(run, 'items', i.id, 'done.json'), 'utf8')) as ItemDone);
}

async function main(): Promise<void> {
  const up = spawnSync('bash', ['scripts/slurm/local-cluster.sh', 'start'], { cwd: ROOT, encoding: 'utf8' });
  if (up.status !== 0) throw new Error(`local Slurm did not start:\n${up.stderr}`);
  const config = loadConfig(CONFIG);
  const load0 = loadavg()[0]!;

  // Model load: what each item process pays again that one process pays once (reading and analysing both models).
  const c0 = cpuNow();
  await loadStitchSetup(config, config.pairs[0]!);
  const modelLoadCpu = cpuNow() - c0;

  // Reference: the items' work in one process, one after another.
  const t0 = performance.now();
  const perPair: number[] = [];
  const cpuPerPair: number[] = [];
  for (const pair of config.pairs) {
    const s = performance.now();
    const c = cpuNow();
    await trainStitch({ config, pair, outDir: join(work, 'reference', `${pair.from}-${pair.to}`), samplesPerEpoch: SAMPLES, validationSize: 16, session: { provider: 'cpu', threads: 1 } });
    perPair.push((performance.now() - s) / 1000);
    cpuPerPair.push(cpuNow() - c);
  }
  const ref = (performance.now() - t0) / 1000;

  // 1 and 2 workers alternate for ROUNDS rounds: this VM's speed drifts by up to 2× over minutes (the same item's CPU
  // seconds vary that much), so one pair of runs measures the drift as much as the pool; the median ratio less so.
  const rounds: { t1: number; t2: number; one: string; two: string }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const one = plan(`local-1-${r}`);
    const t1 = timed(['sweep', 'run', one, '--scheduler', 'local', '--workers', '1']);
    const two = plan(`local-2-${r}`);
    const t2 = timed(['sweep', 'run', two, '--scheduler', 'local', '--workers', '2']);
    rounds.push({ t1, t2, one, two });
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = rounds.map((r) => r.t1 / r.t2);
  const mid = rounds[ratios.indexOf(median(ratios))]!;
  const { t1, t2, one, two } = mid;
  const sl = plan('slurm');
  const ts = timed(['sweep', 'run', sl, '--scheduler', 'slurm', '--cpus-per-task', '1', '--wait']);

  // Process start alone: node, the bundle, onnxruntime's binding, reading the plan, finding the item done.
  const skip = [0, 1, 2].map(() => timed(['sweep', 'item', one, '--index', '0']));
  const skipCpu = Math.min(...[0, 1, 2].map(() => cpuOf(['sweep', 'item', one, '--index', '0'])));
  const n = config.pairs.length;
  const itemMean = ref / n;
  const overhead1 = (t1 - ref) / n;
  const rss = records(one).map((r) => r.maxRssMb);
  console.log(`stitch items: ${n} demo pairs × ${SAMPLES / config.training.batchSize} steps (batch ${config.training.batchSize}), 1 thread each; load average ${load0.toFixed(1)} at start`);
  console.log(`reference, in one process: ${ref.toFixed(1)} s (${perPair.map((s) => s.toFixed(1)).join(', ')} s per pair)`);
  console.log(`sweep, 1 local worker: ${t1.toFixed(1)} s → per-item overhead ${overhead1.toFixed(2)} s on ${itemMean.toFixed(1)} s items = ${((100 * overhead1) / itemMean).toFixed(1)} % (target ≤ 5 %)`);
  console.log(`process start of an item (a done item, skipped): ${Math.min(...skip).toFixed(2)}–${Math.max(...skip).toFixed(2)} s wall, ${skipCpu.toFixed(2)} s CPU`);
  // CPU time does not depend on what else runs on the machine: the overhead measure that survives a shared machine.
  const refCpu = cpuPerPair.reduce((a, b) => a + b, 0) / n;
  const itemCpu = records(one).reduce((a, r) => a + r.cpuSeconds, 0) / n;
  const cpuOverhead = itemCpu - refCpu;
  const direct = skipCpu + modelLoadCpu;
  console.log(`per-item overhead, direct: process start ${skipCpu.toFixed(2)} s + model load ${modelLoadCpu.toFixed(2)} s = ${direct.toFixed(2)} s CPU = ${((100 * direct) / itemCpu).toFixed(1)} % of the ${itemCpu.toFixed(1)} s CPU items (target ≤ 5 %)`);
  console.log(`CPU per item: reference ${refCpu.toFixed(1)} s (${cpuPerPair.map((c) => c.toFixed(1)).join(', ')}), item process ${itemCpu.toFixed(1)} s (start-up included) → overhead ${cpuOverhead.toFixed(2)} s CPU = ${((100 * cpuOverhead) / refCpu).toFixed(1)} % (target ≤ 5 %)`);
  // Busy fraction: the items' own CPU seconds over workers × wall. It shows what the pool itself loses (start-up gaps,
  // the last item running alone) whatever the machine's speed was at the time.
  const busy = (run: string, workers: number, wall: number): string => (records(run).reduce((a, r) => a + r.cpuSeconds, 0) / (workers * wall)).toFixed(2);
  for (const [i, r] of rounds.entries()) {
    console.log(`round ${i + 1}: 1 worker ${r.t1.toFixed(1)} s (busy ${busy(r.one, 1, r.t1)}), 2 workers ${r.t2.toFixed(1)} s (busy ${busy(r.two, 2, r.t2)}) → ${ratios[i]!.toFixed(2)}×`);
  }
  console.log(`sweep, 2 local workers: ${t2.toFixed(1)} s → throughput ${(t1 / t2).toFixed(2)}× of 1 worker, the median of ${ROUNDS} rounds (target ≥ 1.8×), ${(ref / t2).toFixed(2)}× the reference`);
  console.log(`sweep, Slurm array (2 CPUs, 1 per task) incl. submit, merge job and polling: ${ts.toFixed(1)} s (busy ${busy(sl, 2, ts)}) → ${(t1 / ts).toFixed(2)}× of 1 local worker, ${(t2 / ts).toFixed(2)}× of 2`);
  // Wall against CPU inside each item: an item that waits for the CPU (wall > CPU) lost it to another process; one whose
  // CPU grows with the workers was slowed by what the cores share (caches, memory bandwidth).
  const wallCpu = (run: string): string => records(run).map((r) => `${r.seconds.toFixed(1)}/${r.cpuSeconds.toFixed(1)}`).join(', ');
  console.log(`item wall/CPU seconds inside the item processes: 1 worker ${wallCpu(one)}; 2 workers ${wallCpu(two)}; Slurm ${wallCpu(sl)}`);
  console.log(`peak RSS: bench process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; item processes ${Math.min(...rss)}–${Math.max(...rss)} MB; load average ${loadavg()[0]!.toFixed(1)} at end`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
