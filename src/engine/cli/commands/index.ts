import type { CliCommand } from '../command';
import { demoDataCommand } from './demo-data';
import { gradCommand } from './grad';
import { layersCommand } from './layers';
import { runCommand } from './run';
import { stitchCommand } from './stitch';
import { reconstructCommand } from './reconstruct';
import { compatCommand } from './compat';
import { invertGdCommand } from './invert-gd';
import { evaluateCommand } from './evaluate';
import { demoCommand } from './demo';
import { invertGeneratorCommand } from './invert-generator';
import { interpolateCommand } from './interpolate';
import { segmentCommand } from './segment';
import { vectorsCommand } from './vectors';
import { paintCommand } from './paint';
import { paintBatchCommand } from './paint-batch';
import { sweepCommand } from './sweep';
import { initCommand } from './init';

/** Every subcommand, in the order `gan-lens --help` lists them. Add one import and one entry per command file. */
export const commands: CliCommand[] = [layersCommand, initCommand, runCommand, demoDataCommand, gradCommand, stitchCommand, reconstructCommand, compatCommand, demoCommand, invertGeneratorCommand, interpolateCommand, segmentCommand, invertGdCommand, evaluateCommand, vectorsCommand, paintCommand, paintBatchCommand, sweepCommand];
