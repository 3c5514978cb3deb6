/** A sweep: a job split into independent, deterministic work items that a local pool or Slurm runs. */
import type { ProviderChoice } from '../../protocol/providers';
import type { SlurmIds, SweepKind } from '../../protocol/sweeps';
import type { SlurmOptions } from './slurm';

export type { ItemState, ItemStateName, SlurmIds, SweepKind, SweepStatusReport } from '../../protocol/sweeps';
export const SWEEP_KINDS: readonly SweepKind[] = ['stitch', 'evaluate', 'compat', 'invert-gd'];

export interface SweepSession {
  provider: ProviderChoice;
  /** Threads per item (0: onnxruntime's default). Fixed in the plan so every scheduler computes the same numbers. */
  threads: number;
}

export interface SweepItem {
  index: number;
  /** Readable and unique: names the item's folder (items/<id>/) and its log. */
  id: string;
  /** What the kind needs to run this item alone (a pair, a layer and method, …). */
  params: Record<string, unknown>;
}

/** RUN/sweep.json. */
export interface SweepPlan {
  version: 1;
  kind: SweepKind;
  /** Absolute path of the config and the SHA-256 of its bytes when planned. */
  config: string;
  configHash: string;
  created: string;
  /** The kind's settings shared by every item (steps, images, seeds, …). */
  settings: Record<string, unknown>;
  session: SweepSession;
  /** The config's `slurm` defaults when planned (sbatch options; command-line flags win). */
  slurm?: SlurmOptions;
  /** The engine every item runs: `<node> <cli> sweep item RUN --index i` (the built dist/cli.js). */
  node: string;
  cli: string;
  items: SweepItem[];
}

/** items/<id>/running.json: written when an item starts. */
export interface ItemStart {
  index: number;
  host: string;
  pid: number;
  started: string;
  slurm: SlurmIds | null;
  /** How far its checkpoint had come when this attempt started (0: from scratch). */
  resumedFrom: number;
}

/** items/<id>/done.json: written last, atomically; its presence marks the item complete. */
export interface ItemDone extends ItemStart {
  finished: string;
  seconds: number;
  /** Files the item wrote, relative to its folder. */
  outputs: string[];
  /** Peak resident memory of the item's process (what a Slurm --mem request must cover). */
  maxRssMb: number;
  /** CPU seconds (user + system) of the item's process, start-up included. */
  cpuSeconds: number;
}

/** items/<id>/failed.json. */
export interface ItemFailure {
  index: number;
  host: string;
  pid: number;
  when: string;
  slurm: SlurmIds | null;
  reason: string;
}
