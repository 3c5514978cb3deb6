/** Optimiser settings, with PyTorch's names and defaults. */
import type { ScheduleSpec } from './schedule';

export interface AdamSpec {
  kind: 'adam';
  lr: number;
  betas?: [number, number];
  eps?: number;
  /** L2 penalty added to the gradient (torch Adam), or decoupled decay (torch AdamW) when `decoupled`. */
  weightDecay?: number;
  decoupled?: boolean;
  schedule?: ScheduleSpec;
}

export interface SgdSpec {
  kind: 'sgd';
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  schedule?: ScheduleSpec;
}

export type OptimizerSpec = AdamSpec | SgdSpec;
