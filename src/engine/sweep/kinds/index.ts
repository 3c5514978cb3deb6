import type { SweepKind } from '../types';
import type { SweepKindImpl } from './kind';
import { stitchKind } from './stitch';
import { evaluateKind } from './evaluate';
import { compatKind } from './compat';
import { invertGdKind } from './invert-gd';

export const KINDS: Record<SweepKind, SweepKindImpl> = { stitch: stitchKind, evaluate: evaluateKind, compat: compatKind, 'invert-gd': invertGdKind };
