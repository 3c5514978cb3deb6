export { Trainer, type TrainerOptions, type StepResult } from './trainer';
export { hostOptimizer, type HostOptimizer, type HostOptimizerState } from './host';
export { fuseAdam } from './fused';
export { schedule, type Schedule, type ScheduleSpec } from './schedule';
export type { OptimizerSpec, AdamSpec, SgdSpec } from './spec';
