import type { CliCommand } from '../command';
import { demoDataCommand } from './demo-data';

/** Every subcommand, in the order `gan-lens --help` lists them. Add one import and one entry per command file. */
export const commands: CliCommand[] = [demoDataCommand];
