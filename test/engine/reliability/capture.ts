/** Runs the CLI's main in-process with stdout and stderr captured (nothing reaches the terminal). */
import { main } from '../../../src/engine/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

let busy = false;

export async function captureCli(argv: string[]): Promise<CliRun> {
  if (busy) throw new Error('captureCli runs one command at a time (it swaps the process streams).');
  busy = true;
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  const grab = (sink: string[]) => ((chunk: string | Uint8Array): boolean => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = grab(out);
  process.stderr.write = grab(err);
  const t0 = performance.now();
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - t0 };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
    busy = false;
  }
}
