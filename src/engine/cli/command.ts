/** One CLI subcommand. Commands parse their own flags with parseArgs and print to the given streams. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Aborted on SIGINT; long jobs check it. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for `gan-lens --help`. */
  summary: string;
  /** Full usage text for `gan-lens <name> --help`. */
  usage: string;
  run(argv: string[], io: CliIO): Promise<void>;
}
