/** What the Sweeps view shows for a sweep and its items (no vscode here: the view turns these into TreeItems). */
import type { ItemState, ItemStateName, SweepStatusReport } from '../../protocol/sweeps';

export interface NodeLook {
  label: string;
  description: string;
  tooltip: string;
  /** A codicon id. */
  icon: string;
}

const ICONS: Record<ItemStateName, string> = { pending: 'clock', running: 'sync~spin', done: 'pass', failed: 'error' };

export function sweepLook(s: SweepStatusReport): NodeLook {
  const total = s.items.length;
  const c = s.counts;
  const parts = [`${c.done}/${total} done`, ...(c.running ? [`${c.running} running`] : []), ...(c.pending ? [`${c.pending} pending`] : []), ...(c.failed ? [`${c.failed} failed`] : [])];
  const icon = c.failed ? 'warning' : c.done === total ? (s.merged ? 'check-all' : 'check') : c.running ? 'sync~spin' : 'clock';
  return {
    label: `${s.kind}: ${s.run.split(/[\\/]/).pop() ?? s.run}`,
    description: `${parts.join(', ')}${s.scheduler ? ` · ${s.scheduler}` : ''}${s.merged ? ' · merged' : ''}`,
    tooltip: `${s.run}\nconfig: ${s.config}${s.merged ? `\nmerged: ${s.merged}` : ''}`,
    icon,
  };
}

export function itemLook(i: ItemState): NodeLook {
  const task = i.slurm ? ` · Slurm ${i.slurm.arrayJobId}_${i.slurm.arrayTaskId}` : '';
  return { label: i.id, description: `${i.state}${task}`, tooltip: `${i.state}: ${i.reason}${i.log ? `\nlog: ${i.log}` : ''}`, icon: ICONS[i.state] };
}

/** Whether the view should keep polling this sweep. */
export function isActive(s: SweepStatusReport): boolean {
  return s.counts.running > 0 || s.items.some((i) => i.state === 'pending' && i.reason !== 'not submitted yet');
}

/** The folder name of a new sweep: kind and local time, sortable. */
export function sweepFolderName(kind: string, now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${kind}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}
