/** The shape rules of every op inference follows, merged from one table per op family. */
import { CONV_RULES } from './conv';
import { ELEMENTWISE_RULES } from './elementwise';
import { INDEXING_RULES } from './indexing';
import { LAYOUT_RULES } from './layout';
import { MATMUL_RULES } from './matmul';
import { MISC_RULES } from './misc';
import { REDUCE_RULES } from './reduce';
import { RESIZE_RULES } from './resize';
import type { ShapeRule, ShapeRules } from './types';

const FAMILIES: readonly ShapeRules[] = [ELEMENTWISE_RULES, CONV_RULES, MATMUL_RULES, REDUCE_RULES, LAYOUT_RULES, INDEXING_RULES, RESIZE_RULES, MISC_RULES];

function merge(families: readonly ShapeRules[]): ReadonlyMap<string, ShapeRule> {
  const out = new Map<string, ShapeRule>();
  for (const f of families) {
    for (const [op, rule] of Object.entries(f)) {
      if (out.has(op)) throw new Error(`The shape rule of ${op} is defined twice.`);
      out.set(op, rule);
    }
  }
  return out;
}

/** Op type (standard ONNX domain) → its shape rule. */
export const SHAPE_RULES: ReadonlyMap<string, ShapeRule> = merge(FAMILIES);
