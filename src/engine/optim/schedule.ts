/**
 * Learning-rate schedules as functions of the 1-based optimiser step, matching torch.optim.lr_scheduler when the
 * scheduler is stepped once after every optimiser step.
 */
export type Schedule = (step: number) => number;

export interface ScheduleSpec {
  kind: 'constant' | 'step' | 'exponential' | 'cosine' | 'warmup-cosine';
  /** step: decay every `every` steps by `gamma`; exponential: decay by `gamma` per step. */
  every?: number;
  gamma?: number;
  /** cosine: steps to anneal over (torch T_max) and the final lr (eta_min). */
  total?: number;
  minLr?: number;
  warmup?: number;
}

export function schedule(baseLr: number, spec: ScheduleSpec = { kind: 'constant' }): Schedule {
  const gamma = spec.gamma ?? 0.1;
  switch (spec.kind) {
    case 'constant':
      return () => baseLr;
    case 'step':
      return (t) => baseLr * gamma ** Math.floor((t - 1) / (spec.every ?? 1));
    case 'exponential':
      return (t) => baseLr * gamma ** (t - 1);
    case 'cosine': {
      const total = spec.total ?? 1;
      const min = spec.minLr ?? 0;
      return (t) => min + ((baseLr - min) * (1 + Math.cos((Math.PI * Math.min(t - 1, total)) / total))) / 2;
    }
    case 'warmup-cosine': {
      const warm = spec.warmup ?? 0;
      const cos = schedule(baseLr, { ...spec, kind: 'cosine', total: Math.max(1, (spec.total ?? 1) - warm) });
      return (t) => (t <= warm ? (baseLr * t) / warm : cos(t - warm));
    }
  }
}
