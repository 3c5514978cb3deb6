/** What each sweep kind provides: how to split its job into items, run one item, and merge the items' outputs. */
import type { GanLensConfig } from '../../config/types';
import type { SessionOptions } from '../../runtime/session';
import type { SweepItem, SweepPlan } from '../types';

/** Flag values of `gan-lens sweep plan` (parseArgs output), read by the kind that owns them. */
export type PlanFlags = Record<string, string | boolean | string[] | undefined>;

export interface ItemContext {
  plan: SweepPlan;
  item: SweepItem;
  config: GanLensConfig;
  /** The item's own output folder (RUN/items/<id>/out); the kind writes only here. */
  out: string;
  session: SessionOptions;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface MergeContext {
  run: string;
  plan: SweepPlan;
  config: GanLensConfig;
  /** Folder of each item's outputs, by item index. */
  outs: string[];
  log: (line: string) => void;
}

export interface SweepKindImpl {
  /** `gan-lens sweep plan` flags this kind reads, beyond the common ones. */
  flags: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  usage: string;
  plan(config: GanLensConfig, flags: PlanFlags): { settings: Record<string, unknown>; items: Omit<SweepItem, 'index'>[] };
  /** How far the item's checkpoint has come (0: nothing to resume from). */
  progress(ctx: Pick<ItemContext, 'item' | 'out' | 'plan'>): number;
  runItem(ctx: ItemContext): Promise<void>;
  /** Writes the single-machine command's outputs under `dir`; returns the main files. */
  merge(ctx: MergeContext, dir: string): Promise<string[]>;
}
