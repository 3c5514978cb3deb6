/**
 * Runs one CLI command in a child process and reports its wall time and peak RSS. /usr/bin/time (GNU time) gives the
 * kernel's exact maximum resident set; a watchdog polls /proc and kills the child above a hard cap so that a case
 * that does not fit ends as a row saying so, not as the machine's OOM killer.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface ChildPeak {
  seconds: number;
  peakBytes: number;
  exitCode: number | null;
  /** The watchdog killed it above the cap. */
  killed: boolean;
  stderrTail: string;
  /** Stopped by SIGTERM at the time limit (a long job that ran with its defaults until then). */
  timedOut: boolean;
  /** The job's own memory plan line ("Memory: 4 of 8 samples per run, about … GB of a … GB budget"), if it prints one. */
  plan?: string;
}

const GNU_TIME = '/usr/bin/time';

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * `node --import tsx <cli> ...args` under GNU time; `capBytes` is where the watchdog kills it, `timeLimitSeconds` (if
 * given) where it stops the job with SIGTERM: the peak until then is what a job that goes on the same way would hold.
 */
export function measureCli(cli: string, args: readonly string[], capBytes: number, timeLimitSeconds?: number): Promise<ChildPeak> {
  const node = [process.execPath, '--import', 'tsx', cli, ...args];
  const useTime = existsSync(GNU_TIME);
  const argv = useTime ? [GNU_TIME, '-f', 'GAN_LENS_PEAK_KB=%M', ...node] : node;
  const t0 = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let plan: string | undefined;
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
    plan ??= /Memory: [^\n]*/.exec(stderr)?.[0];
  });
  let polled = 0;
  let killed = false;
  let timedOut = false;
  const watch = setInterval(() => {
    const pids = useTime ? childPids(child.pid!) : [child.pid!];
    if (timeLimitSeconds !== undefined && !timedOut && performance.now() - t0 > 1000 * timeLimitSeconds) {
      timedOut = true;
      for (const p of pids) process.kill(p, 'SIGTERM');
    }
    const rss = pids.reduce((s, p) => s + rssOf(p), 0);
    polled = Math.max(polled, rss);
    if (rss > capBytes && !killed) {
      killed = true;
      for (const p of pids) process.kill(p, 'SIGKILL');
    }
  }, 100);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(watch);
      const m = /GAN_LENS_PEAK_KB=(\d+)/.exec(stderr);
      resolve({
        seconds: (performance.now() - t0) / 1000,
        peakBytes: m ? Number(m[1]) * 1024 : polled,
        exitCode: code,
        killed,
        timedOut,
        stderrTail: stderr.replace(/GAN_LENS_PEAK_KB=\d+\n?/, '').trim().split('\n').slice(-4).join('\n'),
        ...(plan ? { plan } : {}),
      });
    });
  });
}
