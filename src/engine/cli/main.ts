/**
 * gan-lens: the engine's command line. Exit codes: 0 ok, 2 bad input (stderr says what and where), 1 internal error.
 */
import { commands } from './commands/index';
import { GanLensError } from '../util/errors';
import { describeUserError, quietOnBrokenPipe } from './shared/user-errors';
import { checkOutFlags } from './shared/out-dir';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'gan-lens — see what any layer of a vision network has learned.',
    '',
    'Usage: gan-lens <command> [options]   (gan-lens <command> --help for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Where main prints (lines, without the newline); tests pass their own to capture output. */
export interface MainStreams {
  out: (line: string) => void;
  err: (line: string) => void;
}

const processStreams: MainStreams = {
  out: (l) => void process.stdout.write(`${l}\n`),
  err: (l) => void process.stderr.write(`${l}\n`),
};

export async function main(argv: string[], streams: MainStreams = processStreams): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    streams.err(`gan-lens: no command given.\n\n${help()}`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    streams.out(help());
    return 0;
  }
  if (name === '--version') {
    streams.out(process.env.GAN_LENS_VERSION ?? '0.1.0');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    streams.err(`gan-lens: unknown command '${name}'.\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    streams.out(cmd.usage);
    return 0;
  }
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    checkOutFlags(rest);
    await cmd.run(rest, {
      out: streams.out,
      err: streams.err,
      signal: controller.signal,
    });
    return 0;
  } catch (e) {
    if (e instanceof GanLensError) {
      streams.err(`gan-lens ${name}: ${e.message}`);
      return e.kind === 'bad-input' ? 2 : e.kind === 'cancelled' ? 130 : 1;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      streams.err(`gan-lens ${name}: ${e.message}\n\n${cmd.usage}`);
      return 2;
    }
    const user = describeUserError(e);
    if (user) {
      streams.err(`gan-lens ${name}: ${user}`);
      return 2;
    }
    streams.err(`gan-lens ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

if (require.main === module) {
  quietOnBrokenPipe();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
