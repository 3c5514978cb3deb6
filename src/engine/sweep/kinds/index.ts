import type { SweepKind } from '../types';
import type { SweepKindImpl } from './kind';
import { stitchKind } from './stitch';
import { evaluateKind } from './evaluate';

export const KINDS: Record<SweepKind, SweepKindImpl> = { stitch: stitchKind, evaluate: evaluateKind };
