/**
 * Optimiser updates applied on the host (in place on Float32Array/Float64Array parameters), with PyTorch's
 * semantics: torch.optim.Adam / AdamW (bias correction, eps outside the square root) and torch.optim.SGD
 * (momentum, dampening, Nesterov, weight decay).
 */
import type { AdamSpec, OptimizerSpec, SgdSpec } from './spec';
import { schedule, type Schedule } from './schedule';
import { adamUpdate } from './adam-step';
import { badInput } from '../util/errors';

type Floats = Float32Array | Float64Array;

/** Everything an optimiser carries between steps: enough to resume training exactly (e.g. from a checkpoint). */
export interface HostOptimizerState {
  kind: 'adam' | 'sgd';
  step: number;
  /** Per-parameter buffers: Adam's first and second moments, SGD's momentum (absent until its first step). */
  buffers: Record<string, { m?: Float64Array; v?: Float64Array; momentum?: Float64Array }>;
}

export interface HostOptimizer {
  /** Applies one update to every parameter given its gradient; `step` is 1-based. */
  update(params: Record<string, Floats>, grads: Record<string, ArrayLike<number>>): void;
  readonly step: number;
  lr(): number;
  /** A copy of the step count and buffers. */
  state(): HostOptimizerState;
  /** Restores a state taken from an optimiser of the same kind (a copy: later updates do not change `s`). */
  load(s: HostOptimizerState): void;
}

function checkKind(want: HostOptimizerState['kind'], s: HostOptimizerState): void {
  if (s.kind !== want) throw badInput(`Cannot load an optimiser state of kind '${s.kind}' into a '${want}' optimiser.`, { hint: 'Resume with the optimiser the state was saved from.' });
}

export function hostOptimizer(spec: OptimizerSpec): HostOptimizer {
  return spec.kind === 'adam' ? new HostAdam(spec) : new HostSgd(spec);
}

class HostAdam implements HostOptimizer {
  step = 0;
  private readonly m = new Map<string, Float64Array>();
  private readonly v = new Map<string, Float64Array>();
  private readonly sched: Schedule;
  constructor(private readonly spec: AdamSpec) {
    this.sched = schedule(spec.lr, spec.schedule);
  }
  lr(): number {
    return this.sched(Math.max(1, this.step));
  }
  state(): HostOptimizerState {
    const buffers: HostOptimizerState['buffers'] = {};
    for (const [name, m] of this.m) buffers[name] = { m: m.slice(), v: this.v.get(name)!.slice() };
    return { kind: 'adam', step: this.step, buffers };
  }
  load(s: HostOptimizerState): void {
    checkKind('adam', s);
    this.step = s.step;
    this.m.clear();
    this.v.clear();
    for (const [name, b] of Object.entries(s.buffers)) {
      if (!b.m || !b.v) throw badInput(`Adam state for '${name}' lacks its moments.`, { hint: 'Resume from a complete checkpoint.' });
      this.m.set(name, b.m.slice());
      this.v.set(name, b.v.slice());
    }
  }
  update(params: Record<string, Floats>, grads: Record<string, ArrayLike<number>>): void {
    this.step++;
    const t = this.step;
    const lr = this.sched(t);
    const [b1, b2] = this.spec.betas ?? [0.9, 0.999];
    const eps = this.spec.eps ?? 1e-8;
    const wd = this.spec.weightDecay ?? 0;
    const decoupled = this.spec.decoupled ?? false;
    for (const [name, p] of Object.entries(params)) {
      let m = this.m.get(name);
      let v = this.v.get(name);
      if (!m || !v) {
        m = new Float64Array(p.length);
        v = new Float64Array(p.length);
        this.m.set(name, m);
        this.v.set(name, v);
      }
      // AdamW decays the parameter itself; Adam adds the decay to the gradient.
      adamUpdate(p, grads[name]!, m, v, t, { lr, betas: [b1, b2], eps, weightDecay: decoupled ? 0 : wd }, decoupled ? 1 - lr * wd : 1);
    }
  }
}

class HostSgd implements HostOptimizer {
  step = 0;
  private readonly buf = new Map<string, Float64Array>();
  private readonly sched: Schedule;
  constructor(private readonly spec: SgdSpec) {
    this.sched = schedule(spec.lr, spec.schedule);
  }
  lr(): number {
    return this.sched(Math.max(1, this.step));
  }
  state(): HostOptimizerState {
    const buffers: HostOptimizerState['buffers'] = {};
    for (const [name, b] of this.buf) buffers[name] = { momentum: b.slice() };
    return { kind: 'sgd', step: this.step, buffers };
  }
  load(s: HostOptimizerState): void {
    checkKind('sgd', s);
    this.step = s.step;
    this.buf.clear();
    for (const [name, b] of Object.entries(s.buffers)) if (b.momentum) this.buf.set(name, b.momentum.slice());
  }
  update(params: Record<string, Floats>, grads: Record<string, ArrayLike<number>>): void {
    this.step++;
    const lr = this.sched(this.step);
    const mu = this.spec.momentum ?? 0;
    const damp = this.spec.dampening ?? 0;
    const wd = this.spec.weightDecay ?? 0;
    const nesterov = this.spec.nesterov ?? false;
    for (const [name, p] of Object.entries(params)) {
      const g = grads[name]!;
      let b = this.buf.get(name);
      const first = !b;
      if (mu !== 0 && !b) {
        b = new Float64Array(p.length);
        this.buf.set(name, b);
      }
      for (let i = 0; i < p.length; i++) {
        let gi = g[i]! + (wd !== 0 ? wd * p[i]! : 0);
        if (b) {
          b[i] = first ? gi : mu * b[i]! + (1 - damp) * gi;
          gi = nesterov ? gi + mu * b[i]! : b[i]!;
        }
        p[i] = p[i]! - lr * gi;
      }
    }
  }
}
