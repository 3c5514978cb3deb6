/** A sweep: a job split into independent, deterministic work items that a local pool or Slurm runs. */
export type SweepKind = 'stitch' | 'evaluate' | 'compat';
export const SWEEP_KINDS: readonly SweepKind[] = ['stitch', 'evaluate', 'compat'];

export interface SweepSession {
  provider: 'auto' | 'cpu' | 'cuda' | 'webgpu';
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
  /** The engine every item runs: `<node> <cli> sweep item RUN --index i` (the built dist/cli.js). */
  node: string;
  cli: string;
  items: SweepItem[];
}

export interface SlurmIds {
  jobId: string;
  arrayJobId: string;
  arrayTaskId: string;
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

export type ItemStateName = 'pending' | 'running' | 'done' | 'failed';

export interface ItemState {
  index: number;
  id: string;
  state: ItemStateName;
  reason: string;
  slurm: SlurmIds | null;
  /** The log of its latest attempt (absolute), when one exists. */
  log: string | null;
}

/** What `gan-lens sweep status RUN --json` prints (the editor's Sweeps view reads it). */
export interface SweepStatusReport {
  run: string;
  kind: SweepKind;
  config: string;
  scheduler: 'local' | 'slurm' | null;
  counts: Record<ItemStateName, number>;
  /** The merged outputs' main file when `sweep merge` has run (report.json, stitch-runs.json, compat.json). */
  merged: string | null;
  items: ItemState[];
}
