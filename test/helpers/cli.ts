/**
 * Runs CLI commands in-process with captured output. (The test runner talks to its parent through stdout, so
 * stdout itself cannot be captured here; exit codes follow main.ts: 0 ok, 2 bad input, 1 internal.)
 */
import { spawnSync } from 'node:child_process';
import { commands } from '../../src/engine/cli/commands/index';
import { GanLensError } from '../../src/engine/util/errors';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[]): Promise<CliResult> {
  const [name, ...rest] = argv;
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) throw new Error(`no command ${name}`);
  let stdout = '';
  let stderr = '';
  try {
    await cmd.run(rest, { out: (l) => void (stdout += `${l}\n`), err: (l) => void (stderr += `${l}\n`), signal: new AbortController().signal });
    return { code: 0, stdout, stderr };
  } catch (e) {
    stderr += e instanceof Error ? e.message : String(e);
    if (e instanceof GanLensError) return { code: e.kind === 'bad-input' ? 2 : 1, stdout, stderr };
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return { code: 2, stdout, stderr };
    return { code: 1, stdout, stderr };
  }
}

/** The real CLI in a child process (slower: use for exit codes of main itself). */
export function spawnCli(argv: string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/engine/cli/main.ts', ...argv], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
