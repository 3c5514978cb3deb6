/**
 * The sweep tests run the built CLI (as Slurm does) against the real one-node Slurm of scripts/slurm/local-cluster.sh,
 * started here when it is not up (CI runs as root after `npm run setup`, which installs slurm-wlm and munge).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const DEMO_CONFIG = join(ROOT, 'demo', 'demo.ganlens.json');

let ready = false;

/** Builds dist/cli.js (items run the built CLI) and brings the local Slurm up; throws with the reason otherwise. */
export function prepare(): void {
  if (ready) return;
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
  const up = spawnSync('bash', ['scripts/slurm/local-cluster.sh', 'start'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (up.status !== 0) throw new Error(`scripts/slurm/local-cluster.sh start failed (exit ${up.status}); the sweep tests need a real Slurm (npm run setup installs it):\n${up.stdout}${up.stderr}`);
  ready = true;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 600_000): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: timeoutMs });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function cliBackground(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function waitFor<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 180_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function squeueIds(): string[] {
  const r = spawnSync('squeue', ['-h', '-r', '-o', '%i'], { encoding: 'utf8' });
  return r.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The last complete checkpoint's step of a stitch item, or 0. */
export function checkpointStep(itemDir: string): number {
  const runs = join(itemDir, 'out');
  if (!existsSync(runs)) return 0;
  for (const d of readdirSync(runs)) {
    const f = join(runs, d, 'checkpoints', 'last', 'state.json');
    if (existsSync(f)) {
      try {
        return readJson<{ step: number }>(f).step;
      } catch {
        return 0;
      }
    }
  }
  return 0;
}
