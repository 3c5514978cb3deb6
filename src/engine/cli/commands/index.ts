import type { CliCommand } from '../command';

/** Every subcommand, in the order `gan-lens --help` lists them. Add one import and one entry per command file. */
export const commands: CliCommand[] = [];
