/**
 * The editor drives sweeps through the same `gan-lens sweep` command line users run: sweeps outlive the editor (a
 * Slurm array, or a local pool started detached), and under Remote-SSH this runs on the login node next to sbatch.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SweepStatusReport } from '../../protocol/sweeps';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The extension host may be Electron: ELECTRON_RUN_AS_NODE makes its binary a plain node for the CLI. */
const env = (): NodeJS.ProcessEnv => ({ ...process.env, ELECTRON_RUN_AS_NODE: '1' });

export function sweepCli(cli: string, args: string[]): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'sweep', ...args], { env: env(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The CLI's own message without its "gan-lens sweep:" prefix, for an error notification. */
export function cliMessage(o: CliOutcome): string {
  return (o.stderr.trim() || o.stdout.trim() || `exit code ${o.code}`).replace(/^gan-lens sweep: /, '');
}

export async function sweepStatus(cli: string, run: string): Promise<SweepStatusReport> {
  const o = await sweepCli(cli, ['status', run, '--json']);
  if (o.code !== 0) throw new Error(cliMessage(o));
  return JSON.parse(o.stdout) as SweepStatusReport;
}

/** `sweep run … --scheduler local` detached from the editor, its output in `log`. */
/**
 * Starts `gan-lens sweep …` detached (it outlives the window), its output appended to `log`. `onExit` hears its exit
 * while this window lives, with the log's last lines when it failed (a refused start would otherwise go unseen).
 */
export function startDetached(cli: string, args: string[], log: string, onExit?: (failure: string | null) => void): number | undefined {
  mkdirSync(dirname(log), { recursive: true });
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [cli, 'sweep', ...args], { env: env(), detached: true, stdio: ['ignore', fd, fd] });
  child.unref();
  closeSync(fd);
  child.on('exit', (code) => onExit?.(code ? `gan-lens sweep ${args[0] ?? ''} exited with ${code}: ${logTail(log)}` : null));
  return child.pid;
}

function logTail(log: string): string {
  try {
    return readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' ').slice(-600);
  } catch {
    return `see ${log}`;
  }
}
