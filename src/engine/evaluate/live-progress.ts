/**
 * Turns the evaluation's per-method progress into job progress: one unit per (layer, method), an overall ETA from
 * the units done, and the current method's own ETA in the message ("layer2 (2/4) · GD with reg 40%, ~12 s left").
 */
import type { JobProgress } from '../../protocol/progress';
import type { EvaluateProgress } from './procedure';
import { METHOD_LABELS, type MethodKind } from './types';

const STEPS_PER_UNIT = 1000;

export interface LiveProgress {
  /** The job progress for one evaluation progress event. */
  update(p: EvaluateProgress): Omit<JobProgress, 'jobId'>;
}

function seconds(s: number): string {
  return s < 90 ? `${Math.max(1, Math.round(s))} s` : `${Math.round(s / 60)} min`;
}

export function liveProgress(layers: readonly string[], methods: readonly MethodKind[], now: () => number = () => performance.now()): LiveProgress {
  const started = now();
  let current = '';
  let currentStarted = started;
  const total = layers.length * methods.length * STEPS_PER_UNIT;
  return {
    update(p) {
      const li = Math.max(0, layers.indexOf(p.layer));
      const mi = p.method === 'setup' ? 0 : Math.max(0, methods.indexOf(p.method));
      const key = `${li}/${p.method}`;
      const t = now();
      if (key !== current) {
        current = key;
        currentStarted = t;
      }
      const f = Math.min(1, Math.max(0, p.fraction ?? 0));
      const step = Math.min(total, Math.round((li * methods.length + mi + f) * STEPS_PER_UNIT));
      const where = `${p.layer} (${li + 1}/${layers.length})`;
      const what = p.method === 'setup' ? 'setting up' : `${METHOD_LABELS[p.method]}${p.fraction !== undefined ? ` ${Math.round(f * 100)}%` : ''}`;
      const methodEta = f > 0.02 && f < 1 ? `, ~${seconds(((t - currentStarted) / 1000) * ((1 - f) / f))} left in this method` : '';
      const out: Omit<JobProgress, 'jobId'> = { step, total, message: `${where} · ${what}${methodEta} — ${p.message}` };
      const elapsed = (t - started) / 1000;
      if (step > 0 && elapsed > 0) out.etaSeconds = (elapsed * (total - step)) / step;
      return out;
    },
  };
}
