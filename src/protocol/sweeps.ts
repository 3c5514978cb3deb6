/** Sweep status as the CLI prints it (`gan-lens sweep status RUN --json`) and the editor's Sweeps view reads it. */
export type SweepKind = 'stitch' | 'evaluate' | 'compat' | 'invert-gd';

export interface SlurmIds {
  jobId: string;
  arrayJobId: string;
  arrayTaskId: string;
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
