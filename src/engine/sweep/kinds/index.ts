import type { SweepKind } from '../types';
import type { SweepKindImpl } from './kind';
import { stitchKind } from './stitch';
import { evaluateKind } from './evaluate';
import { compatKind } from './compat';

export const KINDS: Record<SweepKind, SweepKindImpl> = { stitch: stitchKind, evaluate: evaluateKind, compat: compatKind };
